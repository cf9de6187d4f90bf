package org.openenos.timeseries.questdb;

import io.questdb.cairo.CairoEngine;
import io.questdb.griffin.SqlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.security.PrivateFiles;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * The embedded QuestDB store: one narrow table {@code (ts, org, asset, point, kind, num, txt, quality)} partitioned
 * by day, with one value per (org, asset, point, time): the table deduplicates on that key, so a value stored again
 * replaces the stored one (ADR 0069). Every write goes through a single writer thread ({@link RawTableWriter});
 * reads run on the caller's thread. When {@link #append} returns, the batch is in the synced write-ahead log and
 * applied to the table, whose pages a killed process cannot lose (the table itself is synced every few seconds: one
 * sync per batch, {@link CommitSyncs}, ADR 0062); the storage stage commits the log offsets only then.
 */
public final class QuestDbTimeSeriesStore implements TimeSeriesStore {
    static final String TABLE = "point_values";
    /*
     * INDEX CAPACITY 4096: the asset index stores row ids in value blocks of this many entries; with the default
     * (256) allocating blocks took about half of the writer thread's time in a profile of sustained ingest.
     */
    private static final String DDL = """
            CREATE TABLE IF NOT EXISTS point_values (
              ts TIMESTAMP,
              org SYMBOL CAPACITY 256 CACHE,
              asset SYMBOL CAPACITY 65536 CACHE INDEX CAPACITY 4096,
              point SYMBOL CAPACITY 4096 CACHE,
              kind BYTE,
              num DOUBLE,
              txt STRING,
              quality INT
            ) TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, org, asset, point)""";

    private final CairoEngine engine;
    private final QuestDbReader reader;
    private final DayFiles dayFiles;
    private final DayFileCompaction dayCompaction;
    private final StoreOptions options;
    private final RollupState rollupState;
    private final RollupReader rollupReader;
    private final StoreMaintenance maintenance;
    /** Values older than this arrive after their windows may have been rolled up (writer thread only). */
    private long lateThreshold;
    /** Days being compacted, and those of them a value was appended into meanwhile (writer thread only). */
    private final Set<LocalDate> watchedDays = new HashSet<>();
    private final Set<LocalDate> touchedDays = new HashSet<>();
    /** The end of the newest watched day ({@link Long#MIN_VALUE} when none): one comparison per value appended. */
    private long watchedBefore = Long.MIN_VALUE;
    private final ExecutorService writerThread =
            Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("questdb-writer").daemon().unstarted(r));
    private RawTableWriter writer;
    private final CommitSyncs syncs;
    private static final Comparator<MeasurePointValue> BY_TIME = Comparator.comparingLong(MeasurePointValue::time);

    private QuestDbTimeSeriesStore(CairoEngine engine, Path dir, StoreOptions options, Clock clock,
                                   CommitSyncs syncs) {
        this.engine = engine;
        this.syncs = syncs;
        this.options = options;
        this.dayFiles = DayFiles.open(dir.resolve("day-files"));
        this.reader = new QuestDbReader(engine, dayFiles);
        this.dayCompaction = new DayFileCompaction(new ParquetCompaction(engine),
                new DayFileExport(engine, reader.statements()), dayFiles);
        this.rollupState = RollupState.load(dir.resolve("openenos-rollups.tsv"));
        this.lateThreshold = rollupState.watermark(RollupLevel.MINUTE);
        this.rollupReader = new RollupReader(reader.statements(), rollupState, reader);
        var job = new RollupJob(engine, rollupState, options, clock,
                t -> onWriter(() -> lateThreshold = Math.max(lateThreshold, t)),
                new CompactedDayRollups(engine, reader, dayFiles));
        this.maintenance = new StoreMaintenance(job, new ParquetCompaction(engine), options, clock,
                this::compactRaw, dayFiles);
    }

    /** Exports one UTC day of raw values as a series-ordered day file (ADR 0134); the day stays in the table. */
    int exportDay(LocalDate day, Path file) {
        return new DayFileExport(engine, reader.statements()).export(day, file);
    }

    /** The day files of compacted days, for tests and benchmarks. */
    DayFiles dayFiles() {
        return dayFiles;
    }

    /** Opens (creating if needed) the store in {@code dir} with the default options and background maintenance. */
    public static QuestDbTimeSeriesStore open(Path dir) {
        return open(dir, StoreOptions.DEFAULTS, Clock.systemUTC());
    }

    /** Opens (creating if needed) the store in {@code dir}; {@code clock} decides which windows are closed. */
    public static QuestDbTimeSeriesStore open(Path dir, StoreOptions options, Clock clock) {
        QuestDbLogging.quietUnlessConfigured();
        try {
            PrivateFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        var syncs = new CommitSyncs(options.tableSyncInterval());
        var engine = new CairoEngine(new StoreConfiguration(dir, options, syncs));
        var legacy = new LegacyRawTable(engine);
        try {
            legacy.setAside();
            engine.execute(DDL, QuestDbReader.context(engine));
            RollupJob.createTables(engine);
        } catch (SqlException e) {
            engine.close();
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "cannot create the time-series table", e);
        }
        var store = new QuestDbTimeSeriesStore(engine, dir, options, clock, syncs);
        store.onWriter(() -> {
            store.openWriter();
            legacy.copyInto(store.writer, store.rollupState);
        });
        return store;
    }

    /**
     * Stores the values; a value whose (org, asset, point, time) is already stored, or repeated later in the same
     * batch, replaces the earlier one. Both modes are therefore the same here: a replay ({@code MAY_REPEAT}) of
     * values already stored rewrites them with the same content. A replaced value older than the rollup threshold
     * marks its window for recomputation like any late value, so rollups count it once.
     */
    @Override
    public void append(List<MeasurePointValue> values, AppendMode mode) {
        if (values.isEmpty()) {
            return;
        }
        onWriter(() -> {
            var late = new HashMap<String, RollupState.Range>();
            try {
                appendAll(values, late);
                if (!late.isEmpty()) {
                    rollupState.markDirty(late); // before the commit: see RollupState
                }
                writer.commit();
            } catch (RuntimeException e) {
                writer.rollback();
                throw e;
            }
        });
    }

    /**
     * The hot path: one row per value, no per-row checks beyond the late-data comparison. Rows go in in time order:
     * a batch of the storage stage is a few runs in time order (one per log partition), and appending them as they
     * come makes the engine sort and merge every column at commit (its out-of-order path, about a third more writer
     * CPU per row in a profile), while a stable merge of the runs here costs a few comparisons per value.
     */
    private void appendAll(List<MeasurePointValue> values, Map<String, RollupState.Range> late) {
        values = inTimeOrder(values);
        long threshold = lateThreshold;
        for (int i = 0, n = values.size(); i < n; i++) {
            MeasurePointValue v = values.get(i);
            appendRow(v);
            if (v.time() < threshold) {
                late.merge(v.assetId(), new RollupState.Range(v.time(), v.time() + 1), RollupState.Range::union);
            }
            if (v.time() < watchedBefore && watchedDays.contains(DayFiles.dayOf(v.time()))) {
                touchedDays.add(DayFiles.dayOf(v.time()));
            }
        }
    }

    private static List<MeasurePointValue> inTimeOrder(List<MeasurePointValue> values) {
        for (int i = 1, n = values.size(); i < n; i++) {
            if (values.get(i).time() < values.get(i - 1).time()) {
                MeasurePointValue[] sorted = values.toArray(MeasurePointValue[]::new);
                Arrays.sort(sorted, BY_TIME); // stable: repeats of one key keep their order
                return Arrays.asList(sorted);
            }
        }
        return values;
    }

    /*
     * The engine refuses some values outright (a time before 1970 or after 9999 for the designated timestamp): a
     * non-critical engine error on a row is the value's fault and says so with a code that is not retryable, so the
     * storage stage sets that value aside instead of taking the store for down (ADR 0068). Running out of the
     * engine's native memory (its cap, NativeMemory) is non-critical too but not the value's fault: it stays a
     * failure of the store, retried from the log.
     */
    private void appendRow(MeasurePointValue v) {
        try {
            appendRowUnchecked(v);
        } catch (io.questdb.cairo.CairoException e) {
            if (e.isCritical() || e.isOutOfMemory()) {
                throw e;
            }
            throw new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, "the store refuses the value of asset %s point %s "
                    .formatted(v.assetId(), v.pointId()) + "at " + v.time() + ": " + e.getFlyweightMessage(), e);
        }
    }

    private void appendRowUnchecked(MeasurePointValue v) {
        var row = writer.newRow(v.time() * 1000);
        row.putSym(1, v.orgId());
        row.putSym(2, v.assetId());
        row.putSym(3, v.pointId());
        ValueColumns.put(row, v.value());
        Integer quality = v.quality();
        row.putInt(7, quality == null ? Integer.MIN_VALUE : quality);
        row.append();
    }

    @Override
    public List<MeasurePointValue> range(SeriesKey series, long from, long to, int limit, boolean descending) {
        return reader.range(series, from, to, limit, descending);
    }

    @Override
    public List<AggregateBucket> aggregate(SeriesKey series, long from, long to, long intervalMillis,
                                           AggregateFunction function) {
        return reader.aggregate(series.orgId(), List.of(series.assetId()), series.pointId(), from, to, intervalMillis,
                function).get(series.assetId());
    }

    @Override
    public Map<String, List<AggregateBucket>> aggregate(String orgId, List<String> assetIds, String pointId, long from,
                                                        long to, long intervalMillis, AggregateFunction function) {
        var fromRollups = options.rollups()
                ? rollupReader.aggregate(orgId, assetIds, pointId, from, to, intervalMillis, function) : null;
        return fromRollups != null ? fromRollups
                : reader.aggregate(orgId, assetIds, pointId, from, to, intervalMillis, function);
    }

    /** All functions from one read of the rollups where they cover the range; function by function otherwise. */
    @Override
    public Map<AggregateFunction, Map<String, List<AggregateBucket>>> aggregateAll(String orgId, List<String> assetIds,
            String pointId, long from, long to, long intervalMillis, java.util.Set<AggregateFunction> functions) {
        var fromRollups = options.rollups()
                ? rollupReader.aggregateAll(orgId, assetIds, pointId, from, to, intervalMillis, functions) : null;
        return fromRollups != null ? fromRollups
                : TimeSeriesStore.super.aggregateAll(orgId, assetIds, pointId, from, to, intervalMillis, functions);
    }

    /** Counters of the background maintenance (rollups, retention of rollups, Parquet conversion). */
    public MaintenanceStats maintenanceStats() {
        return maintenance.stats();
    }

    /**
     * Runs the background maintenance now and waits for it: rollups of closed windows and of late data; with
     * {@code everything}, also rollup retention and Parquet conversion (otherwise hourly).
     */
    public void runMaintenance(boolean everything) {
        maintenance.runNow(everything);
    }

    /** The partitions of one of the store's tables, for tests and benchmarks. */
    List<ParquetCompaction.Partition> partitions(String table) {
        return new ParquetCompaction(engine).partitions(table);
    }

    /**
     * Compacts the raw days that end before {@code cutoff} into day files: exported on the maintenance thread while
     * ingest goes on, published and dropped on the writer thread unless a value arrived in the day meanwhile
     * (ADR 0136).
     */
    private DayFileCompaction.Result compactRaw(long cutoff) {
        return dayCompaction.compact(cutoff, new DayFileCompaction.Table() {
            @Override
            public void watch(LocalDate day) {
                onWriter(() -> {
                    watchedDays.add(day);
                    touchedDays.remove(day);
                    watchedBefore = Math.max(watchedBefore, DayFiles.start(day) + DayFiles.DAY);
                });
            }

            @Override
            public boolean ifUntouched(LocalDate day, DayFileCompaction.WriterAction action) {
                boolean[] untouched = {false};
                onWriter(() -> {
                    watchedDays.remove(day);
                    if (watchedDays.isEmpty()) {
                        watchedBefore = Long.MIN_VALUE;
                    }
                    untouched[0] = !touchedDays.remove(day);
                    if (untouched[0]) {
                        try {
                            action.run(writer);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (SqlException e) {
                            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "cannot drop the compacted day "
                                    + day, e);
                        }
                    }
                });
                return untouched[0];
            }
        });
    }

    /** Writes a day's file without dropping its partition: the first half of a compaction, for crash tests. */
    void writeDayFileOnly(LocalDate day) {
        onWriter(() -> {
            try {
                var previous = dayFiles.isCompacted(day) ? dayFiles.file(day) : null;
                dayFiles.publish(day, file -> new DayFileExport(engine, reader.statements()).export(day, file,
                        previous));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void forEachLatest(Consumer<MeasurePointValue> sink) {
        reader.forEachLatest(sink);
    }

    /**
     * Drops whole day partitions older than {@code time}: dropping a partition is a file deletion, where deleting
     * rows would rewrite it. The writer is released for the statement and taken again.
     */
    @Override
    public void deleteBefore(long time) {
        onWriter(() -> {
            try {
                writer.execute("ALTER TABLE " + TABLE + " DROP PARTITION WHERE ts < " + time * 1000);
            } catch (SqlException | io.questdb.cairo.CairoException e) {
                if (!e.getMessage().contains("no partitions")) {
                    throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "retention failed", e);
                }
            }
            try {
                dayFiles.deleteBefore(time);
            } catch (IOException e) {
                throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "retention of day files failed", e);
            }
        });
    }

    private void openWriter() {
        writer = new RawTableWriter(engine, TABLE, syncs);
    }

    private void onWriter(Runnable task) {
        try {
            writerThread.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "interrupted while writing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "time-series write failed", e.getCause());
        }
    }

    @Override
    public void close() {
        maintenance.close();
        try {
            onWriter(() -> writer.close());
        } finally {
            reader.close();
            writerThread.shutdown();
            try {
                writerThread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine.close();
        }
    }
}
