package org.openenos.timeseries.questdb;

import io.questdb.griffin.SqlException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts old days of the raw table into day files (ADR 0134, 0136): for each day partition that ends before the
 * cutoff and is not the table's active one, writes the day file (merged with the day's earlier file, the table's rows
 * winning), publishes it, then drops the partition. Runs on the store's writer thread, so no value lands in the day
 * between the read of its rows and the drop of its partition. A crash after the publish and before the drop leaves the
 * day in both places, where reads take the table's rows as winners (the same values) and the next pass compacts the
 * day again.
 */
final class DayFileCompaction {
    private static final Logger LOG = LoggerFactory.getLogger(DayFileCompaction.class);

    /** What one pass did: days written and how long it took. */
    record Result(int days, long nanos) {
    }

    private final ParquetCompaction partitions;
    private final DayFileExport export;
    private final DayFiles files;

    DayFileCompaction(ParquetCompaction partitions, DayFileExport export, DayFiles files) {
        this.partitions = partitions;
        this.export = export;
        this.files = files;
    }

    /** Compacts the raw table's days that end before {@code cutoff}; {@code writer} must be the table's writer. */
    Result compact(long cutoff, RawTableWriter writer) {
        long start = System.nanoTime();
        List<LocalDate> due = partitions.partitions(QuestDbTimeSeriesStore.TABLE).stream()
                .filter(p -> !p.active())
                .map(DayFileCompaction::day)
                .filter(day -> DayFiles.start(day) + DayFiles.DAY <= cutoff)
                .distinct().sorted().toList();
        for (LocalDate day : due) {
            try {
                var previous = files.isCompacted(day) ? files.file(day) : null;
                files.publish(day, file -> export.export(day, file, previous));
                writer.execute("ALTER TABLE " + QuestDbTimeSeriesStore.TABLE + " DROP PARTITION LIST '" + day + "'");
            } catch (IOException | SqlException e) {
                throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "compacting the day " + day + " failed", e);
            }
            LOG.info("compacted the raw values of {} into its day file", day);
        }
        return new Result(due.size(), System.nanoTime() - start);
    }

    /** The engine names day partitions by their date (yyyy-MM-dd). */
    private static LocalDate day(ParquetCompaction.Partition p) {
        return DayFiles.dayOf(p.minTime());
    }
}
