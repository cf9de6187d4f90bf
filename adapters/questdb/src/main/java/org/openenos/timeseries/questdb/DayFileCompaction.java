package org.openenos.timeseries.questdb;

import io.questdb.griffin.SqlException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts old days of the raw table into day files (ADR 0134, 0136): for each day partition that ends before the
 * cutoff and is not the table's active one, writes the day file (merged with the day's earlier file, the table's rows
 * winning) under a temporary name on the calling thread, then on the store's writer thread, if no value arrived in
 * the day meanwhile, publishes it and drops the partition; otherwise the day waits for the next pass. Ingest thus
 * waits for a rename and a partition drop, not for the export. A crash after the publish and before the drop leaves
 * the day in both places, where reads take the table's rows as winners (the same values) and the next pass compacts
 * the day again.
 */
final class DayFileCompaction {
    private static final Logger LOG = LoggerFactory.getLogger(DayFileCompaction.class);

    /** What one pass did: days written, how long it took and the CPU time of the exporting thread. */
    record Result(int days, long nanos, long cpuNanos) {
    }

    /** The store's side: its writer thread and the values appended into a day while it is exported. */
    interface Table {
        /** From now on, notes whether a value is appended into {@code day}. */
        void watch(LocalDate day);

        /** On the writer thread: unless a value was appended into the day since {@link #watch}, runs the action. */
        boolean ifUntouched(LocalDate day, WriterAction action);
    }

    interface WriterAction {
        void run(RawTableWriter writer) throws IOException, SqlException;
    }

    private final ParquetCompaction partitions;
    private final DayFileExport export;
    private final DayFiles files;

    DayFileCompaction(ParquetCompaction partitions, DayFileExport export, DayFiles files) {
        this.partitions = partitions;
        this.export = export;
        this.files = files;
    }

    /** Compacts the raw table's days that end before {@code cutoff}. */
    Result compact(long cutoff, Table table) {
        long start = System.nanoTime();
        var threads = ManagementFactory.getThreadMXBean();
        long startCpu = threads.getCurrentThreadCpuTime();
        List<LocalDate> due = partitions.partitions(QuestDbTimeSeriesStore.TABLE).stream()
                .filter(p -> !p.active())
                .map(DayFileCompaction::day)
                .filter(day -> DayFiles.start(day) + DayFiles.DAY <= cutoff)
                .distinct().sorted().toList();
        int done = 0;
        for (LocalDate day : due) {
            Path temporary = files.temporary(day);
            try {
                table.watch(day);
                var previous = files.isCompacted(day) ? files.file(day) : null;
                export.export(day, temporary, previous);
                boolean published = table.ifUntouched(day, writer -> {
                    files.publishWritten(day, temporary);
                    writer.execute("ALTER TABLE " + QuestDbTimeSeriesStore.TABLE + " DROP PARTITION LIST '" + day
                            + "'");
                });
                if (published) {
                    done++;
                    LOG.info("compacted the raw values of {} into its day file", day);
                } else {
                    LOG.info("values arrived in {} while it was compacted; it is compacted on the next pass", day);
                }
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "compacting the day " + day + " failed", e);
            }
        }
        return new Result(done, System.nanoTime() - start, threads.getCurrentThreadCpuTime() - startCpu);
    }

    /** The engine names day partitions by their date (yyyy-MM-dd). */
    private static LocalDate day(ParquetCompaction.Partition p) {
        return DayFiles.dayOf(p.minTime());
    }
}
