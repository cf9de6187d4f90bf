package org.openenos.timeseries.cassandra;

import org.openenos.timeseries.WindowPartial;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;

/**
 * Rollups (ADR 0125): every append marks the hours it wrote as dirty (after the values, so a crash in between is
 * repaired by the storage stage's replay); {@link #maintain} recomputes each closed dirty hour of a series from its
 * raw values (minute, ten-minute and hour windows), then its day from the hour rows, and clears the mark with the
 * mark's own write time (a mark written again meanwhile survives). An aggregate reads the rollup rows of windows
 * without dirty hours and the raw values of the rest, so its answer equals the aggregate of the raw values while
 * long ranges read a few rows per day.
 */
final class Rollups {
    static final long HOUR = 3_600_000L;
    private static final long MAX_TTL_SECONDS = 630_720_000L; // Cassandra's limit: 20 years
    /** Series days recomputed at once by a maintenance pass. */
    private static final int PARALLEL_SERIES = 8;

    private record Segment(long start, WindowPartial partial) {
    }

    private record Range(long from, long to) {
    }

    private record Mark(SeriesKey series, long hour, long writeTime) {
    }

    private final CqlSession session;
    private final Statements st;
    private final SeriesReader reader;
    private final CassandraStoreConfig config;
    private final Clock clock;
    private final Semaphore permits;
    private final AtomicLong lastMicros = new AtomicLong();

    Rollups(CqlSession session, Statements st, SeriesReader reader, CassandraStoreConfig config, Clock clock,
            Semaphore permits) {
        this.session = session;
        this.st = st;
        this.reader = reader;
        this.config = config;
        this.clock = clock;
        this.permits = permits;
    }

    // ---- reading

    List<AggregateBucket> aggregate(SeriesKey s, long from, long to, long interval, AggregateFunction fn) {
        var windows = new TreeMap<Long, List<Segment>>();
        RollupLevel level = RollupLevel.forWindows(from, interval);
        long end = level == null ? from : Math.max(from, level.floor(to));
        var raw = new ArrayList<Range>();
        if (end > from) {
            TreeSet<Long> dirty = dirtyHours(s, Math.floorDiv(from, HOUR) * HOUR, end);
            for (Row r : rollupRows(s, level, from, end)) {
                long ts = r.getInstant(0).toEpochMilli();
                if (!containsDirty(level, ts, dirty)) {
                    var p = new WindowPartial();
                    p.add(r.getLong(1), r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getDouble(6));
                    windows.computeIfAbsent((ts - from) / interval, k -> new ArrayList<>()).add(new Segment(ts, p));
                }
            }
            for (long h : dirty) {
                long start = level.width >= HOUR ? level.floor(h) : h;
                long width = Math.max(level.width, HOUR);
                add(raw, new Range(Math.max(from, start), Math.min(end, start + width)));
            }
        }
        add(raw, new Range(end, to));
        for (Range range : raw) {
            rawPartials(s, range, from, interval, windows);
        }
        var buckets = new ArrayList<AggregateBucket>(windows.size());
        windows.forEach((k, segments) -> {
            segments.sort(java.util.Comparator.comparingLong(Segment::start));
            var total = new WindowPartial();
            segments.forEach(seg -> total.add(seg.partial().count, seg.partial().sum, seg.partial().min,
                    seg.partial().max, seg.partial().first, seg.partial().last));
            if (total.count > 0) {
                buckets.add(new AggregateBucket(from + k * interval, total.value(fn)));
            }
        });
        return buckets;
    }

    private static void add(List<Range> ranges, Range r) {
        if (r.to() <= r.from()) {
            return;
        }
        if (!ranges.isEmpty() && ranges.getLast().to() >= r.from()) {
            Range last = ranges.removeLast();
            ranges.add(new Range(last.from(), Math.max(last.to(), r.to())));
        } else {
            ranges.add(r);
        }
    }

    private static boolean containsDirty(RollupLevel level, long windowStart, TreeSet<Long> dirty) {
        long hourOfWindow = Math.floorDiv(windowStart, HOUR) * HOUR;
        Long next = dirty.ceiling(hourOfWindow);
        return next != null && next < Math.max(windowStart + level.width, hourOfWindow + 1);
    }

    /** Raw values of the range reduced to one segment per result window. */
    private void rawPartials(SeriesKey s, Range range, long from, long interval, Map<Long, List<Segment>> windows) {
        var current = new HashMap<Long, WindowPartial>();
        reader.scan(s, range.from(), range.to(), Integer.MAX_VALUE, false, (time, r) -> {
            double num = r.getDouble(2);
            if (ValueColumns.aggregates(r.getByte(1), num)) {
                current.computeIfAbsent((time - from) / interval, k -> new WindowPartial()).add(1, num, num, num, num, num);
            }
            return true;
        });
        current.forEach((k, p) -> windows.computeIfAbsent(k, x -> new ArrayList<>())
                .add(new Segment(Math.max(range.from(), from + k * interval), p)));
    }

    private TreeSet<Long> dirtyHours(SeriesKey s, long from, long to) {
        var hours = new TreeSet<Long>();
        for (Row r : session.execute(st.selectDirty.bind(s.orgId(), s.assetId(), s.pointId(),
                Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)))) {
            hours.add(r.getInstant(0).toEpochMilli());
        }
        return hours;
    }

    private List<Row> rollupRows(SeriesKey s, RollupLevel level, long from, long to) {
        var stages = new ArrayList<java.util.concurrent.CompletionStage<List<Row>>>();
        for (int b = level.bucket(from); b <= level.bucket(to - 1); b++) {
            long bucketStart = level.bucketStart(b);
            long bucketEnd = level.bucketStart(b + 1);
            stages.add(session.executeAsync(st.selectRollups.bind(s.orgId(), s.assetId(), s.pointId(), level.code(), b,
                    Instant.ofEpochMilli(Math.max(from, bucketStart)), Instant.ofEpochMilli(Math.min(to, bucketEnd)))
                    .setPageSize(5_000)).thenCompose(SeriesReader::allRows));
        }
        var rows = new ArrayList<Row>();
        stages.forEach(stage -> rows.addAll(stage.toCompletableFuture().join()));
        return rows;
    }

    // ---- maintenance

    /** Recomputes the rollups of every dirty hour that closed {@code rollupDelay} ago; returns the hours done. */
    int maintain() {
        long closedBefore = clock.millis() - config.rollupDelay().toMillis() - HOUR;
        var bySeriesDay = new HashMap<SeriesKey, TreeMap<Integer, List<Mark>>>();
        for (Row r : session.execute(st.scanDirty.bind().setPageSize(5_000))) {
            long hour = r.getInstant(3).toEpochMilli();
            if (hour <= closedBefore) {
                var series = new SeriesKey(r.getString(0), r.getString(1), r.getString(2));
                bySeriesDay.computeIfAbsent(series, x -> new TreeMap<>())
                        .computeIfAbsent(SeriesReader.day(hour), d -> new ArrayList<>())
                        .add(new Mark(series, hour, r.getLong(4)));
            }
        }
        var hours = new java.util.concurrent.atomic.AtomicInteger();
        var parallel = new Semaphore(PARALLEL_SERIES);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var done = new ArrayList<java.util.concurrent.Future<?>>();
            for (var series : bySeriesDay.entrySet()) {
                for (var day : series.getValue().entrySet()) {
                    parallel.acquireUninterruptibly();
                    done.add(threads.submit(() -> {
                        try {
                            recomputeDay(series.getKey(), day.getKey(), day.getValue());
                            hours.addAndGet(day.getValue().size());
                        } finally {
                            parallel.release();
                        }
                    }));
                }
            }
            for (var f : done) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        return hours.get();
    }

    /** The dirty hours of one series and day, then the day, then the marks cleared. */
    private void recomputeDay(SeriesKey series, int day, List<Mark> marks) {
        for (Mark m : marks) {
            recomputeHour(m.series(), m.hour());
        }
        recomputeDay(series, day * SeriesReader.DAY);
        var clear = new InFlight(session, permits);
        for (Mark m : marks) {
            clear.submit(st.clearDirty.bind(m.writeTime(), m.series().orgId(), m.series().assetId(),
                    m.series().pointId(), Instant.ofEpochMilli(m.hour())));
        }
        clear.await(timeout());
    }

    private void recomputeHour(SeriesKey s, long hour) {
        var byLevel = new HashMap<RollupLevel, TreeMap<Long, WindowPartial>>();
        for (RollupLevel level : List.of(RollupLevel.MINUTE, RollupLevel.TEN_MINUTES, RollupLevel.HOUR)) {
            byLevel.put(level, new TreeMap<>());
        }
        reader.scan(s, hour, hour + HOUR, Integer.MAX_VALUE, false, (time, r) -> {
            double num = r.getDouble(2);
            if (ValueColumns.aggregates(r.getByte(1), num)) {
                byLevel.forEach((level, windows) -> windows.computeIfAbsent(level.floor(time), w -> new WindowPartial())
                        .add(1, num, num, num, num, num));
            }
            return true;
        });
        long micros = nextMicros();
        var writes = new InFlight(session, permits);
        byLevel.forEach((level, windows) -> replace(writes, s, level, hour, hour + HOUR, windows, micros));
        writes.await(timeout());
    }

    private void recomputeDay(SeriesKey s, long dayStart) {
        var total = new WindowPartial();
        rollupRows(s, RollupLevel.HOUR, dayStart, dayStart + SeriesReader.DAY).stream()
                .sorted(java.util.Comparator.comparing(r -> r.getInstant(0)))
                .forEach(r -> total.add(r.getLong(1), r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5),
                        r.getDouble(6)));
        var windows = new TreeMap<Long, WindowPartial>();
        if (total.count > 0) {
            windows.put(dayStart, total);
        }
        var writes = new InFlight(session, permits);
        replace(writes, s, RollupLevel.DAY, dayStart, dayStart + SeriesReader.DAY, windows, nextMicros());
        writes.await(timeout());
    }

    /**
     * Deletes the level's rows of {@code [from, to)} and writes the new ones just after, by write time, in one
     * unlogged batch: all of it lies in one partition (a bucket holds whole hours and days), so it is one mutation.
     */
    private void replace(InFlight writes, SeriesKey s, RollupLevel level, long from, long to,
                         TreeMap<Long, WindowPartial> windows, long micros) {
        var batch = com.datastax.oss.driver.api.core.cql.BatchStatement.builder(
                com.datastax.oss.driver.api.core.cql.DefaultBatchType.UNLOGGED).setConsistencyLevel(
                com.datastax.oss.driver.api.core.DefaultConsistencyLevel.valueOf(config.writeConsistency()));
        batch.addStatement(st.deleteRollups.bind(micros, s.orgId(), s.assetId(), s.pointId(), level.code(),
                level.bucket(from), Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)));
        long now = clock.millis();
        windows.forEach((start, p) -> {
            long retention = config.retention(level).toMillis();
            long ttl = retention == 0 ? 0 : Math.min(MAX_TTL_SECONDS, (start + retention - now) / 1000);
            if (retention == 0 || ttl > 0) {
                batch.addStatement(st.insertRollup.bind(s.orgId(), s.assetId(), s.pointId(), level.code(),
                        level.bucket(start), Instant.ofEpochMilli(start), p.count, p.sum, p.min, p.max, p.first,
                        p.last, micros + 1, (int) ttl));
            }
        });
        writes.submit(batch.build());
    }

    private long nextMicros() {
        long now = System.currentTimeMillis() * 1000;
        return lastMicros.updateAndGet(last -> Math.max(now, last + 2));
    }

    private long timeout() {
        return config.requestTimeout().toMillis() * 6;
    }
}
