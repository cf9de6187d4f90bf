package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.openenos.model.MeasurePointValue;
import org.openenos.streaming.JobStatus;
import org.openenos.streaming.JobSpecs;
import org.openenos.streaming.StreamDirectory;
import org.openenos.streaming.StreamEngine;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.telemetry.TelemetryBuses;

/**
 * A real telemetry log and a real embedded Flink engine for tests; reads what jobs write back from the log, as the
 * storage stage would, keeping every value written per (asset, point, time) in order.
 */
final class StreamEngineFixture implements AutoCloseable {
    final TelemetryBus bus;
    final Path dir;
    FlinkStreamEngine engine;
    private final BusConsumer reader;
    /** Written values by "asset/point" then time, every write kept in order. */
    private final Map<String, TreeMap<Long, List<Double>>> written = new HashMap<>();
    private int jobs;

    private final StreamDirectory directory;

    StreamEngineFixture(Path dir) {
        this(dir, StreamDirectory.NONE);
    }

    /** With the registry look-ups (time zones, trees) the engine's jobs see. */
    StreamEngineFixture(Path dir, StreamDirectory directory) {
        this.dir = dir;
        this.directory = directory;
        bus = TelemetryBuses.embedded(dir.resolve("log"), BusConfig.DEFAULTS.withPartitions(2));
        engine = newEngine();
        reader = bus.consumer("test-reader");
    }

    /** A new engine on the same log and checkpoint directory, as after a restart of the server. */
    FlinkStreamEngine newEngine() {
        return new FlinkStreamEngine(FlinkEngineConfig.defaults(dir.resolve("checkpoints"))
                .withCheckpointInterval(Duration.ofMillis(500)), bus, TelemetryBuses.ingest(bus), null, directory);
    }

    StreamJob job(String orgId, TemplateType type, Map<String, Object> config) {
        var now = Instant.now();
        return new StreamJob("job" + (++jobs), orgId, "test " + jobs, type, config, config, 1, 1,
                JobStatus.PUBLISHED, null, now, now);
    }

    void start(StreamJob job) {
        engine.start(job, JobSpecs.parse(job.templateType(), job.releasedConfig()), false);
        awaitRunning(job);
    }

    void resume(StreamJob job) {
        engine.start(job, JobSpecs.parse(job.templateType(), job.releasedConfig()), true);
        awaitRunning(job);
    }

    void awaitRunning(StreamJob job) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"RUNNING".equals(engine.state(job.pipelineId()).phase())) {
            assertThat(System.nanoTime()).as("job running in time").isLessThan(deadline);
            sleep(50);
        }
    }

    void post(String orgId, String modelId, String assetId, long time, Map<String, Object> values) {
        var list = new ArrayList<MeasurePointValue>();
        values.forEach((p, v) -> list.add(new MeasurePointValue(orgId, modelId, assetId, p, time, v, null)));
        bus.publish(list).join();
    }

    void post(String orgId, String modelId, String assetId, long time, String point, double value) {
        post(orgId, modelId, assetId, time, Map.of(point, value));
    }

    /** Waits until {@code done} holds for the values written to "asset/point" (time → values in write order). */
    TreeMap<Long, List<Double>> await(String assetId, String pointId, Predicate<TreeMap<Long, List<Double>>> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            drain();
            var series = written.getOrDefault(assetId + "/" + pointId, new TreeMap<>());
            if (done.test(series) || System.nanoTime() > deadline) {
                return series;
            }
            sleep(50);
        }
    }

    /** What was written to "asset/point" so far, after giving jobs {@code quiet} to write anything more. */
    TreeMap<Long, List<Double>> settle(String assetId, String pointId, Duration quiet) {
        sleep(quiet.toMillis());
        drain();
        return written.getOrDefault(assetId + "/" + pointId, new TreeMap<>());
    }

    private void drain() {
        for (BusRecord record : reader.poll(Duration.ofMillis(10), 10_000)) {
            for (MeasurePointValue v : record.values()) {
                written.computeIfAbsent(v.assetId() + "/" + v.pointId(), k -> new TreeMap<>())
                        .computeIfAbsent(v.time(), t -> new ArrayList<>()).add(((Number) v.value()).doubleValue());
            }
        }
    }

    /** One page of a stage's state, as the engine reads it from the job's newest checkpoint. */
    StreamEngine.StagePage stage(StreamJob job, String stage, Set<String> assets, Set<String> points, int offset,
                                 int limit) {
        return engine.stageState(job, JobSpecs.parse(job.templateType(), job.releasedConfig()), stage, assets, points,
                offset, limit);
    }

    /** Waits until a checkpoint holding what {@code done} expects has completed. */
    StreamEngine.StagePage awaitStage(StreamJob job, String stage, Set<String> assets, Set<String> points, int offset,
                                      int limit, Predicate<StreamEngine.StagePage> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            StreamEngine.StagePage page = stage(job, stage, assets, points, offset, limit);
            if (done.test(page) || System.nanoTime() > deadline) {
                return page;
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        engine.close();
        reader.close();
        bus.close();
    }
}
