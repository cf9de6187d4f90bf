package org.openenos.timeseries.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.StoragePolicy;
import org.openenos.timeseries.TimeSeriesStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time-series store on Apache Cassandra (ADR 0125): one row per (org, asset, point, time) in partitions of one
 * series and UTC day, so a value stored again replaces the stored one (an upsert) and a day of a series is written
 * in unlogged single-partition batches. Writes are asynchronous with a bounded number in flight; {@link #append}
 * returns when every row is acknowledged at the write consistency level, so the storage stage commits the bus
 * offsets only after that. Raw values live as long as the storage policy keeps them (TTL from its retention);
 * rollups answer aggregates of long ranges (see {@link Rollups}); the newest time per series has its own table.
 */
public final class CassandraTimeSeriesStore implements TimeSeriesStore {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraTimeSeriesStore.class);
    private static final long MAX_TTL_SECONDS = 630_720_000L;
    /** Quality of a value without one: written rather than null, which would leave a tombstone per row. */
    static final int NO_QUALITY = Integer.MIN_VALUE;
    /** Series an aggregate over several assets reads at once. */
    private static final int PARALLEL_SERIES = 16;

    private record Partition(String org, String asset, String point, int day) {
    }

    private final CqlSession session;
    private final CassandraStoreConfig config;
    private final Statements st;
    private final SeriesReader reader;
    private final Rollups rollups;
    private final Clock clock;
    private final StoragePolicy retention;
    private final Semaphore permits;
    /**
     * Series days this store saw recorded in the day indexes (cleared hourly and by retention); a day enters only
     * once its index rows are acknowledged, so a failed write records it again when it is retried.
     */
    private final Set<Partition> knownDays = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService maintenance;
    private final Counter valuesWritten, batchesWritten, writeFailures, retentionRowsRead;
    private final DayRetention dayRetention;
    private final Timer appendTimer;
    private volatile long lastMaintenance;

    private CassandraTimeSeriesStore(CqlSession session, CassandraStoreConfig config, Clock clock,
                                     StoragePolicy retention, MeterRegistry meters) {
        this.session = session;
        this.config = config;
        this.clock = clock;
        this.retention = retention;
        this.permits = new Semaphore(config.maxInFlight());
        this.st = new Statements(session, config.keyspace(), config.readConsistency(), config.writeConsistency());
        this.reader = new SeriesReader(session, st);
        this.rollups = new Rollups(session, st, reader, config, clock, permits);
        this.valuesWritten = meters.counter("openenos.timeseries.cassandra.values.written");
        this.batchesWritten = meters.counter("openenos.timeseries.cassandra.batches.written");
        this.writeFailures = meters.counter("openenos.timeseries.cassandra.write.failures");
        this.appendTimer = meters.timer("openenos.timeseries.cassandra.append");
        this.retentionRowsRead = meters.counter("openenos.timeseries.cassandra.retention.rows.read");
        this.dayRetention = new DayRetention(session, config.keyspace(), st, permits, config.readConsistency(),
                config.writeConsistency(), this::awaitMillis);
        meters.gauge("openenos.timeseries.cassandra.requests.in.flight", permits,
                p -> config.maxInFlight() - p.availablePermits());
        meters.gauge("openenos.timeseries.cassandra.maintenance.last.success", this, s -> s.lastMaintenance);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("cassandra-rollups").daemon().unstarted(r));
        long every = config.maintenanceInterval().toMillis();
        if (every > 0) {
            maintenance.scheduleWithFixedDelay(this::maintainQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        maintenance.scheduleWithFixedDelay(knownDays::clear, 1, 1, TimeUnit.HOURS);
    }

    /** Connects, creates the keyspace and tables if missing, and starts the rollup maintenance. */
    public static CassandraTimeSeriesStore open(CassandraStoreConfig config, Clock clock, StoragePolicy retention,
                                                MeterRegistry meters) {
        var loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, config.requestTimeout())
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, config.readConsistency())
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, config.requestTimeout())
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, config.requestTimeout())
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, config.requestTimeout())
                .withInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE, 2)
                .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 1024)
                .build();
        CqlSession session = CqlSession.builder().addContactPoints(config.contactPoints())
                .withLocalDatacenter(config.localDatacenter()).withConfigLoader(loader).build();
        try {
            CassandraSchema.create(session, config.keyspace(), config.replicationFactor(), config.requestTimeout());
            return new CassandraTimeSeriesStore(session, config, clock, retention, meters);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** As {@link #open(CassandraStoreConfig, Clock, StoragePolicy, MeterRegistry)}, keeping every value forever. */
    public static CassandraTimeSeriesStore open(CassandraStoreConfig config, Clock clock) {
        return open(config, clock, StoragePolicy.STORE_EVERYTHING, new SimpleMeterRegistry());
    }

    /**
     * Stores the values; returns when every row is acknowledged. Repeats of a key within the call are reduced to
     * the value that came last before anything is sent (a batch's rows share one write time, so Cassandra could not
     * tell them apart); a key stored by an earlier call is replaced because this write is later.
     */
    @Override
    public void append(List<MeasurePointValue> values, AppendMode mode) {
        if (values.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        var partitions = new LinkedHashMap<Partition, TreeMap<Long, MeasurePointValue>>();
        for (MeasurePointValue v : values) {
            partitions.computeIfAbsent(new Partition(v.orgId(), v.assetId(), v.pointId(), SeriesReader.day(v.time())),
                    p -> new TreeMap<>()).put(v.time(), v);
        }
        long now = clock.millis();
        long cutoff = retention.retentionCutoff(now).orElse(Long.MIN_VALUE);
        guard(() -> {
            writeValues(partitions, cutoff);
            writeIndexes(partitions, cutoff); // after the values: see Rollups
            return null;
        });
        valuesWritten.increment(values.size());
        appendTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private void writeValues(Map<Partition, TreeMap<Long, MeasurePointValue>> partitions, long cutoff) {
        var writes = new InFlight(session, permits);
        for (var e : partitions.entrySet()) {
            Partition p = e.getKey();
            BatchStatementBuilder batch = newBatch();
            for (MeasurePointValue v : e.getValue().values()) {
                ValueColumns.Columns c = ValueColumns.of(v.value());
                var row = st.insertValue.bind(p.org(), p.asset(), p.point(), p.day(), Instant.ofEpochMilli(v.time()),
                        c.kind(), c.num(), c.text(), v.quality() == null ? NO_QUALITY : v.quality(),
                        ttl(v.time(), cutoff));
                batch.addStatement(c.text() == null ? row.unset(7) : row);
                if (batch.getStatementsCount() >= config.batchRows()) {
                    writes.submit(batch.build());
                    batchesWritten.increment();
                    batch = newBatch();
                }
            }
            if (batch.getStatementsCount() > 0) {
                writes.submit(batch.build());
                batchesWritten.increment();
            }
        }
        writes.await(awaitMillis());
    }

    /** A batch has its own consistency level: its statements' are ignored. */
    private BatchStatementBuilder newBatch() {
        return BatchStatement.builder(DefaultBatchType.UNLOGGED)
                .setConsistencyLevel(DefaultConsistencyLevel.valueOf(config.writeConsistency()));
    }

    /** The days of each series, the dirty hours for the rollups, and the newest time of each series. */
    private void writeIndexes(Map<Partition, TreeMap<Long, MeasurePointValue>> partitions, long cutoff) {
        var writes = new InFlight(session, permits);
        var newest = new HashMap<SeriesKey, Long>();
        var newDays = new java.util.ArrayList<Partition>();
        for (var e : partitions.entrySet()) {
            Partition p = e.getKey();
            if (!knownDays.contains(p)) {
                dayRetention.record(p.org(), p.asset(), p.point(), p.day()).forEach(writes::submit);
                newDays.add(p);
            }
            long lastHour = Long.MIN_VALUE;
            for (long time : e.getValue().keySet()) {
                long hour = Math.floorDiv(time, Rollups.HOUR) * Rollups.HOUR;
                if (hour != lastHour) {
                    writes.submit(st.markDirty.bind(p.org(), p.asset(), p.point(), Instant.ofEpochMilli(hour)));
                    lastHour = hour;
                }
            }
            newest.merge(new SeriesKey(p.org(), p.asset(), p.point()), e.getValue().lastKey(), Math::max);
        }
        newest.forEach((s, time) -> writes.submit(st.insertLatest.bind(s.orgId(), s.assetId(), s.pointId(),
                Instant.ofEpochMilli(time), time * 1000, ttl(time, cutoff))));
        writes.await(awaitMillis());
        knownDays.addAll(newDays);   // only now: had a write failed, the retry must record these days again
    }

    /** Seconds until the storage policy lets the value go (0: kept forever); at least 1 for a value already due. */
    private static int ttl(long time, long cutoff) {
        if (cutoff == Long.MIN_VALUE) {
            return 0;
        }
        return (int) Math.clamp((time - cutoff) / 1000, 1, MAX_TTL_SECONDS);
    }

    @Override
    public List<MeasurePointValue> range(SeriesKey series, long from, long to, int limit, boolean descending) {
        return guard(() -> reader.range(series, from, to, limit, descending));
    }

    @Override
    public List<AggregateBucket> aggregate(SeriesKey series, long from, long to, long intervalMillis,
                                           AggregateFunction function) {
        return guard(() -> rollups.aggregate(series, from, to, intervalMillis, function));
    }

    @Override
    public Map<String, List<AggregateBucket>> aggregate(String orgId, List<String> assetIds, String pointId, long from,
                                                        long to, long intervalMillis, AggregateFunction function) {
        if (assetIds.size() == 1) {
            return Map.of(assetIds.getFirst(), aggregate(new SeriesKey(orgId, assetIds.getFirst(), pointId), from, to,
                    intervalMillis, function));
        }
        // Each asset is its own series and partitions: asked side by side, a few at a time.
        var parallel = new Semaphore(PARALLEL_SERIES);
        var futures = new LinkedHashMap<String, java.util.concurrent.Future<List<AggregateBucket>>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String asset : assetIds) {
                futures.put(asset, threads.submit(() -> {
                    parallel.acquire();
                    try {
                        return aggregate(new SeriesKey(orgId, asset, pointId), from, to, intervalMillis, function);
                    } finally {
                        parallel.release();
                    }
                }));
            }
            var result = new LinkedHashMap<String, List<AggregateBucket>>();
            for (var e : futures.entrySet()) {
                result.put(e.getKey(), e.getValue().get());
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "interrupted while aggregating", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new OpenEnosException(ErrorCode.TSDB_INTERNAL, "aggregate failed", e.getCause());
        }
    }

    /**
     * The newest value of every series: the time from {@code latest_values}, the value read from its row (a value
     * whose row retention has deleted is left out, as the embedded store has nothing of it either).
     */
    @Override
    public void forEachLatest(Consumer<MeasurePointValue> sink) {
        guard(() -> {
            var rows = new ArrayList<Row>();
            for (Row r : session.execute(st.scanLatest.bind().setPageSize(5_000))) {
                rows.add(r);
                if (rows.size() == 1_000) {
                    emitLatest(rows, sink);
                    rows.clear();
                }
            }
            emitLatest(rows, sink);
            return null;
        });
    }

    /**
     * The newest value of each series asked for, as {@link #forEachLatest} finds it: every node of a cluster answers
     * its latest queries from here, whichever node stored the values.
     */
    @Override
    public Map<SeriesKey, MeasurePointValue> latest(Collection<SeriesKey> series) {
        return guard(() -> {
            var times = new ConcurrentLinkedQueue<Row>();
            var reads = new InFlight(session, permits);
            for (SeriesKey s : series) {
                reads.submit(st.selectLatest.bind(s.orgId(), s.assetId(), s.pointId()), rs -> {
                    Row r = rs.one();
                    if (r != null) {
                        times.add(r);
                    }
                });
            }
            reads.await(awaitMillis());
            var found = new HashMap<SeriesKey, MeasurePointValue>();
            emitLatest(new ArrayList<>(times), v -> found.put(new SeriesKey(v.orgId(), v.assetId(), v.pointId()), v));
            return found;
        });
    }

    /** Deleted at the newest time's cell timestamp: a replay of that value or an older one does not bring it back. */
    @Override
    public boolean deleteLatest(SeriesKey series) {
        return guard(() -> {
            Row r = session.execute(st.selectLatest.bind(series.orgId(), series.assetId(), series.pointId())).one();
            if (r == null) {
                return false;
            }
            long time = r.getInstant(3).toEpochMilli();
            session.execute(st.deleteLatest.bind(time * 1000, series.orgId(), series.assetId(), series.pointId()));
            return true;
        });
    }

    private void emitLatest(List<Row> latest, Consumer<MeasurePointValue> sink) {
        var found = new MeasurePointValue[latest.size()];
        var reads = new InFlight(session, permits);
        for (int i = 0; i < latest.size(); i++) {
            Row l = latest.get(i);
            long time = l.getInstant(3).toEpochMilli();
            int index = i;
            reads.submit(st.selectValueAt.bind(l.getString(0), l.getString(1), l.getString(2), SeriesReader.day(time),
                    Instant.ofEpochMilli(time)), rs -> {
                Row r = rs.one();
                if (r != null) {
                    found[index] = new MeasurePointValue(l.getString(0), null, l.getString(1), l.getString(2), time,
                            ValueColumns.value(r.getByte(0), r.getDouble(1), r.getString(2)),
                            SeriesReader.quality(r, 3));
                }
            });
        }
        reads.await(awaitMillis());
        for (MeasurePointValue v : found) {
            if (v != null) {
                sink.accept(v);
            }
        }
    }

    /**
     * Retention: deletes whole day partitions that end before {@code time} (a partition tombstone each) and, in the
     * day containing it, the rows before it, reading only the days that expired ({@link DayRetention}). Rollups are
     * kept (their rows have TTLs of their own).
     */
    @Override
    public void deleteBefore(long time) {
        DayRetention.Pass pass = guard(() -> dayRetention.deleteBefore(time));
        retentionRowsRead.increment(pass.rowsRead());
        knownDays.clear();
        LOG.debug("retention before {}: {} day(s) deleted, {} index rows read", Instant.ofEpochMilli(time),
                pass.daysDeleted(), pass.rowsRead());
    }

    /** Every server node uses the same keyspace: one of them applies retention. */
    @Override
    public boolean sharedByNodes() {
        return true;
    }

    /** Index rows read by retention passes so far: what retention costs. */
    long retentionRowsRead() {
        return (long) retentionRowsRead.count();
    }

    /** The driver session, for tests that act on the keyspace behind the store's back. */
    CqlSession session() {
        return session;
    }

    /** Recomputes the rollups of closed hours written since the last pass, now, and waits for it. */
    public void runMaintenance() {
        try {
            maintenance.submit(() -> guard(rollups::maintain)).get();
            lastMaintenance = clock.millis();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "interrupted while rolling up", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new OpenEnosException(ErrorCode.TSDB_INTERNAL, "rollup failed", e.getCause());
        }
    }

    private void maintainQuietly() {
        try {
            int hours = guard(rollups::maintain);
            lastMaintenance = clock.millis();
            LOG.debug("rolled up {} hours", hours);
        } catch (RuntimeException e) {
            LOG.warn("rollup pass failed; retrying at the next pass: {}", e.getMessage());
        }
    }

    /**
     * Driver errors become the port's: a statement Cassandra refuses as invalid is the value's fault (not
     * retryable, so the storage stage sets the value aside); anything else (time-outs, unavailable replicas) is the
     * store being down, which the stage retries.
     */
    private <T> T guard(Supplier<T> call) {
        try {
            return call.get();
        } catch (CompletionException e) {
            throw translate(e.getCause() == null ? e : e.getCause());
        } catch (DriverException | IllegalStateException e) {
            throw translate(e);
        }
    }

    private RuntimeException translate(Throwable e) {
        if (e instanceof OpenEnosException o) {
            return o;
        }
        writeFailures.increment();
        if (e instanceof InvalidQueryException) {
            return new OpenEnosException(ErrorCode.TSDB_BAD_ARGUMENT, "Cassandra refuses the values: "
                    + e.getMessage(), e);
        }
        return new OpenEnosException(ErrorCode.TSDB_INTERNAL, "Cassandra store unavailable: " + e.getMessage(), e);
    }

    private long awaitMillis() {
        return config.requestTimeout().toMillis() * 6;
    }

    @Override
    public void close() {
        maintenance.shutdownNow();
        try {
            maintenance.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
    }
}
