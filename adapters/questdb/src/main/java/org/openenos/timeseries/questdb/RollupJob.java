package org.openenos.timeseries.questdb;

import io.questdb.cairo.CairoEngine;
import io.questdb.griffin.SqlException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintains the rollup tables from the raw table, on the maintenance thread: rolls up the windows that closed since
 * the last pass (every level straight from the raw values, so a level never depends on another level's corrections),
 * recomputes the windows where late values arrived, and drops rollup partitions past their retention. Each pass is
 * restart-safe: watermarks advance only after the rows they cover are committed, and a repeated window gets a higher
 * revision that readers prefer.
 */
final class RollupJob {
    private static final Logger LOG = LoggerFactory.getLogger(RollupJob.class);
    /** Catch-up (first start on existing data) and large recomputations proceed a day per statement. */
    private static final long CHUNK = 86_400_000L;

    private final CairoEngine engine;
    private final RollupState state;
    private final StoreOptions options;
    private final Clock clock;
    private final LongConsumer raiseLateThreshold;
    private final CompactedDayRollups compacted;

    RollupJob(CairoEngine engine, RollupState state, StoreOptions options, Clock clock, LongConsumer raiseLateThreshold,
              CompactedDayRollups compacted) {
        this.engine = engine;
        this.compacted = compacted;
        this.state = state;
        this.options = options;
        this.clock = clock;
        this.raiseLateThreshold = raiseLateThreshold;
    }

    static void createTables(CairoEngine engine) throws SqlException {
        for (RollupLevel level : RollupLevel.values()) {
            engine.execute(level.ddl(), QuestDbReader.context(engine));
        }
    }

    void run() {
        long target = RollupLevel.MINUTE.floor(clock.millis() - options.rollupDelay().toMillis());
        if (!state.started()) {
            long first = firstRawTime();
            long start = RollupLevel.DAY.floor(first == Long.MAX_VALUE ? target : Math.min(first, target));
            var marks = new EnumMap<RollupLevel, Long>(RollupLevel.class);
            for (RollupLevel level : RollupLevel.values()) {
                marks.put(level, start);
            }
            state.setWatermarks(marks);
        }
        // From here on, a value older than target is late: its window may be read by this pass already.
        raiseLateThreshold.accept(target);
        long revision = state.nextRevision();
        for (RollupLevel level : RollupLevel.values()) {
            long from = state.watermark(level), to = level.floor(target);
            for (long a = from; a < to; ) {
                long b = Math.min(to, Math.max(a + level.width, level.floor(a + CHUNK)));
                insert(level, a, b, null, revision);
                state.setWatermarks(Map.of(level, b));
                a = b;
            }
        }
        Map<String, RollupState.Range> dirty = state.takeDirty();
        if (!dirty.isEmpty()) {
            long rev = state.nextRevision();
            dirty.forEach((asset, range) -> recompute(asset, range, rev));
            state.recomputed();
            LOG.info("rollups recomputed for late data of {} asset(s)", dirty.size());
        }
    }

    private void recompute(String asset, RollupState.Range range, long revision) {
        for (RollupLevel level : RollupLevel.values()) {
            long to = Math.min(level.ceil(range.to()), state.watermark(level));
            for (long a = level.floor(range.from()); a < to; ) {
                long b = Math.min(to, Math.max(a + level.width, level.floor(a + CHUNK)));
                insert(level, a, b, RollupState.ALL_ASSETS.equals(asset) ? null : asset, revision);
                a = b;
            }
        }
    }

    /** The time up to which every level is rolled up: days before it may be compacted (ADR 0136). */
    long rolledUpTo() {
        long min = Long.MAX_VALUE;
        for (RollupLevel level : RollupLevel.values()) {
            min = Math.min(min, state.watermark(level));
        }
        return min;
    }

    /** Rolls up {@code [from, to)}: compacted days from their day files, the rest with a statement on the table. */
    private void insert(RollupLevel level, long from, long to, String asset, long revision) {
        long cursor = from;
        for (var day : compacted.files().within(from, to)) {
            long start = Math.max(from, DayFiles.start(day)), end = Math.min(to, DayFiles.start(day) + DayFiles.DAY);
            if (cursor < start) {
                insertFromTable(level, cursor, start, asset, revision);
            }
            compacted.insert(level, day, start, end, asset, revision);
            cursor = end;
        }
        if (cursor < to) {
            insertFromTable(level, cursor, to, asset, revision);
        }
    }

    private void insertFromTable(RollupLevel level, long from, long to, String asset, long revision) {
        try {
            engine.execute(level.insertFromRaw(asset != null, revision),
                    QuestDbReader.rangeContext(engine, from, to, asset));
        } catch (SqlException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "rollup of " + level.table + " failed", e);
        }
    }

    /** Drops rollup partitions that lie wholly before their level's retention. */
    void applyRetention() {
        for (RollupLevel level : RollupLevel.values()) {
            var retention = options.retention(level);
            if (retention.isZero()) {
                continue;
            }
            long cutoff = partitionFloor(level.partitionBy, clock.millis() - retention.toMillis());
            try {
                engine.execute("ALTER TABLE " + level.table + " DROP PARTITION WHERE ts < " + cutoff * 1000,
                        QuestDbReader.context(engine));
            } catch (SqlException | io.questdb.cairo.CairoException e) {
                if (!e.getMessage().contains("no partitions")) {
                    throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "rollup retention failed", e);
                }
            }
        }
    }

    /** The start (UTC) of the partition holding {@code time}. */
    static long partitionFloor(String partitionBy, long time) {
        var t = Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        var start = switch (partitionBy) {
            case "MONTH" -> t.withDayOfMonth(1);
            case "YEAR" -> t.withDayOfYear(1);
            default -> t;
        };
        return start.toInstant().toEpochMilli();
    }

    private long firstRawTime() {
        long[] first = {Long.MAX_VALUE};
        var ctx = QuestDbReader.context(engine);
        try (var factory = engine.select("SELECT ts FROM " + QuestDbTimeSeriesStore.TABLE + " LIMIT 1", ctx);
             var cursor = factory.getCursor(ctx)) {
            if (cursor.hasNext()) {
                first[0] = cursor.getRecord().getTimestamp(0) / 1000;
            }
        } catch (SqlException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "cannot read the first stored time", e);
        }
        return first[0];
    }
}
