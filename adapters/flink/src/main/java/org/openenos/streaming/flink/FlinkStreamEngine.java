package org.openenos.streaming.flink;

import static org.openenos.error.Failures.rootCause;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.StreamDirectory;
import org.openenos.streaming.StreamEngine;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplatePipelines;
import org.openenos.streaming.pipeline.Pipeline;
import org.openenos.streaming.pipeline.Stage;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.telemetry.TelemetryIngest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stream jobs on a Flink MiniCluster inside the server. The cluster is started on the first job start, not
 * before: a server without stream jobs pays nothing for the engine. Each job checkpoints its source offsets and
 * operator state under {@code checkpointDir/<pipelineId>}; a pause takes a checkpoint and cancels the job, the next
 * start restores the newest checkpoint; a stop deletes them.
 */
public final class FlinkStreamEngine implements StreamEngine {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkStreamEngine.class);
    private static final long TIMEOUT_SECONDS = 60;

    private final String engineKey = "engine-" + Integer.toHexString(System.identityHashCode(this));
    private final FlinkEngineConfig config;
    private final TelemetryBus bus;
    private final Map<String, JobID> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> starting = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService control = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> Thread.ofPlatform().name("stream-engine-control").daemon().unstarted(r));
    private final JobMetrics metrics;
    private volatile MiniCluster cluster;

    public FlinkStreamEngine(FlinkEngineConfig config, TelemetryBus bus, TelemetryIngest ingest, MeterRegistry meters) {
        this(config, bus, ingest, meters, StreamDirectory.NONE);
    }

    /** With {@code directory}, the registry look-ups of the daily-energy and tree roll-up templates. */
    public FlinkStreamEngine(FlinkEngineConfig config, TelemetryBus bus, TelemetryIngest ingest, MeterRegistry meters,
                             StreamDirectory directory) {
        this.config = config;
        this.bus = bus;
        this.metrics = new JobMetrics(meters, this);
        EngineResources.register(engineKey, bus, ingest);
        EngineResources.registerDirectory(engineKey, directory);
    }

    /** Whether the embedded cluster has been started (it is, from the first job start on). */
    public synchronized boolean clusterStarted() {
        return cluster != null;
    }

    /**
     * Returns at once: starting the cluster (seconds, tens of seconds on a busy machine) and submitting the job
     * happen on the engine's control thread; {@link #state} says STARTING meanwhile and FAILED with the reason if it
     * did not work. Pause, stop and reset run on that thread too, so they always apply after an earlier start.
     */
    @Override
    public void start(StreamJob job, JobSpec spec, boolean resume) {
        String pipelineId = job.pipelineId();
        if (starting.containsKey(pipelineId)) {
            throw new IllegalStateException("pipeline " + pipelineId + " is already starting");
        }
        failures.remove(pipelineId);
        starting.put(pipelineId, Boolean.TRUE);
        // "from now" means from the moment of the request, not from when the cluster is up
        Map<Integer, Long> requestedAt = bus.endOffsets();
        control.execute(() -> {
            try {
                submit(job, spec, resume, requestedAt);
            } catch (RuntimeException | LinkageError e) {
                // a missing class must fail the job, not the control thread
                LOG.warn("stream job {} did not start", pipelineId, e);
                failures.put(pipelineId, String.valueOf(e.getMessage()));
            } finally {
                starting.remove(pipelineId);
            }
        });
    }

    private void submit(StreamJob job, JobSpec spec, boolean resume, Map<Integer, Long> requestedAt) {
        String pipelineId = job.pipelineId();
        if (running.containsKey(pipelineId) && !terminal(running.get(pipelineId))) {
            throw new IllegalStateException("pipeline " + pipelineId + " is already running");
        }
        MiniCluster mini = cluster();
        Path jobDir = config.checkpointDir().resolve(pipelineId);
        String restore = resume ? latestCheckpoint(jobDir).map(Path::toString).orElse(null) : null;
        if (!resume) {
            deleteRecursively(jobDir);
        }
        // Where a job without any checkpoint yet starts: kept so that a pause before the first checkpoint resumes
        // from the same place instead of skipping what came in meanwhile.
        Map<Integer, Long> startOffsets = StartOffsets.read(jobDir).orElse(null);
        if (startOffsets == null) {
            startOffsets = requestedAt;
            StartOffsets.write(jobDir, startOffsets);
        }
        var jobConfig = new Configuration();
        jobConfig.setString("execution.checkpointing.interval", config.checkpointInterval().toMillis() + " ms");
        jobConfig.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        jobConfig.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        jobConfig.setString("execution.checkpointing.dir", jobDir.toUri().toString());
        jobConfig.setString("execution.checkpointing.num-retained", "2");
        jobConfig.setString("state.backend.type", "hashmap");
        jobConfig.setString("restart-strategy.type", "exponential-delay");
        jobConfig.setString("restart-strategy.exponential-delay.initial-backoff", "1 s");
        jobConfig.setString("restart-strategy.exponential-delay.max-backoff", "1 min");
        jobConfig.setString("restart-strategy.exponential-delay.attempts-before-reset-backoff", "20");
        var graph = JobGraphs.build(engineKey, job, spec, startOffsets, jobConfig, config.parallelism(), restore);
        graph.setClasspaths(List.of(jobClasspath()));
        try {
            mini.submitJob(graph).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Flink refused the job: " + rootCause(e), e);
        }
        running.put(pipelineId, graph.getJobID());
        metrics.track(job);
        if (restore != null) {
            dropOlderRuns(jobDir, Path.of(restore));
        }
        LOG.info("stream job {} ({}) submitted as Flink job {}{}", pipelineId, job.name(), graph.getJobID(),
                restore == null ? "" : ", restored from " + restore);
    }

    /**
     * Runs a bounded job to its end on the embedded cluster, starting the cluster if need be (dry runs). It shares
     * the task slots with the live jobs; the graph must fit in one.
     */
    /** The key under which jobs of this engine find its log, ingest path and registry look-ups. */
    String key() {
        return engineKey;
    }

    void runToEnd(org.apache.flink.runtime.jobgraph.JobGraph graph) {
        graph.setClasspaths(List.of(jobClasspath()));
        try {
            cluster().executeJobBlocking(graph);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("the dry run failed: " + rootCause(e), e);
        }
    }

    @Override
    public void pause(String pipelineId) {
        onControlThread(() -> pauseNow(pipelineId));
    }

    private void pauseNow(String pipelineId) {
        JobID id = running.get(pipelineId);
        if (id == null || terminal(id)) {
            return;
        }
        checkpoint(pipelineId, id, "pause");
        cancel(pipelineId, id);
    }

    @Override
    public void stop(String pipelineId) {
        onControlThread(() -> stopNow(pipelineId));
    }

    private void stopNow(String pipelineId) {
        failures.remove(pipelineId);
        JobID id = running.get(pipelineId);
        if (id != null && !terminal(id)) {
            cancel(pipelineId, id);
        }
        running.remove(pipelineId);
        metrics.untrack(pipelineId);
        EngineResources.dropCounters(pipelineId);
        deleteRecursively(config.checkpointDir().resolve(pipelineId));
    }

    @Override
    public RuntimeState state(String pipelineId) {
        JobCounters c = EngineResources.counters(pipelineId);
        String failed = failures.get(pipelineId);
        if (failed != null) {
            return new RuntimeState("FAILED", failed, c.recordsIn.get(), c.recordsOut.get(), c.errors.get(), 0);
        }
        if (starting.containsKey(pipelineId)) {
            return new RuntimeState("STARTING", null, c.recordsIn.get(), c.recordsOut.get(), c.errors.get(), 0);
        }
        JobID id = running.get(pipelineId);
        if (id == null) {
            return RuntimeState.notRunning();
        }
        String phase;
        String failure = null;
        try {
            JobStatus status = cluster.getJobStatus(id).get(10, TimeUnit.SECONDS);
            phase = switch (status) {
                case RUNNING -> allTasksRunning(id) ? "RUNNING" : "STARTING";
                case FAILED -> "FAILED";
                case CANCELED, CANCELLING, FINISHED, SUSPENDED -> "NOT_RUNNING";
                default -> "STARTING";
            };
            if (status == JobStatus.FAILED) {
                var info = cluster.getArchivedExecutionGraph(id).get(10, TimeUnit.SECONDS).getFailureInfo();
                failure = info == null ? "the job failed"
                        : info.getExceptionAsString().lines().findFirst().orElse("the job failed");
            }
        } catch (Exception e) {
            phase = "NOT_RUNNING";
        }
        return new RuntimeState(phase, failure, c.recordsIn.get(), c.recordsOut.get(), c.errors.get(),
                lag(pipelineId));
    }

    /**
     * An empty directory given to every job as its class path. Flink runs a job without jars or class path in the
     * JVM's system class loader, which inside the server's executable jar sees only the launcher; with a class path
     * it builds a job class loader whose parent is the one that loaded Flink, and that one sees the server's classes.
     */
    private URL jobClasspath() {
        Path dir = config.checkpointDir().resolveSibling("job-classpath");
        try {
            Files.createDirectories(dir);
            return dir.toUri().toURL();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** A job is RUNNING for Flink once scheduled; it reads and writes only once every task runs. */
    private boolean allTasksRunning(JobID id) throws Exception {
        var graph = cluster.getArchivedExecutionGraph(id).get(10, TimeUnit.SECONDS);
        for (var vertex : graph.getAllExecutionVertices()) {
            if (vertex.getExecutionState() != ExecutionState.RUNNING) {
                return false;
            }
        }
        return true;
    }

    /**
     * Read from the job's newest completed checkpoint (a running job checkpoints every interval). The stage is one
     * of the job's pipeline (a template's as the platform builds it), found by its id.
     */
    @Override
    public StagePage stageState(StreamJob job, JobSpec spec, String stage, Set<String> assetIds, Set<String> pointIds,
                                int offset, int limit) {
        Pipeline pipeline = TemplatePipelines.of(spec);
        var parts = StageStateReaders.of(pipeline, statefulStage(job, pipeline, stage), assetIds, pointIds);
        return CheckpointStateReader.read(config.checkpointDir().resolve(job.pipelineId()), parts,
                StageStateReaders.ORDER, offset, limit);
    }

    @Override
    public void deleteStageState(StreamJob job, JobSpec spec, String stage) {
        Pipeline pipeline = TemplatePipelines.of(spec);
        var uids = StageStateReaders.of(pipeline, statefulStage(job, pipeline, stage), Set.of(), Set.of()).stream()
                .map(StageStateReaders.Part::uid).toList();
        onControlThread(() -> {
            JobID id = running.get(job.pipelineId());
            if (id != null && !terminal(id)) {
                throw new IllegalStateException("pipeline " + job.pipelineId() + " is running: pause it first");
            }
            StageStateEraser.erase(config.checkpointDir().resolve(job.pipelineId()), uids);
        });
    }

    static Stage statefulStage(StreamJob job, Pipeline pipeline, String id) {
        return pipeline.stages().stream().filter(s -> s.id().equals(id) && s.stateful()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a " + job.templateType() + " job has no stateful"
                        + " stage " + id));
    }

    @Override
    public Map<Integer, PartitionLag> offsets(String pipelineId) {
        Map<Integer, Long> ends = bus.endOffsets();
        Map<Integer, Long> positions = EngineResources.counters(pipelineId).positions;
        var result = new TreeMap<Integer, PartitionLag>();
        ends.forEach((p, end) -> {
            long at = positions.getOrDefault(p, end);
            result.put(p, new PartitionLag(at, Math.max(0, end - at)));
        });
        return result;
    }

    long lag(String pipelineId) {
        return offsets(pipelineId).values().stream().mapToLong(PartitionLag::lag).sum();
    }

    @Override
    public void resetOffsets(String pipelineId) {
        onControlThread(() -> {
            // offsets live in the checkpoints with the state: without them the next start reads from the log's end
            deleteRecursively(config.checkpointDir().resolve(pipelineId));
            EngineResources.counters(pipelineId).positions.clear();
        });
    }

    private void onControlThread(Runnable action) {
        ControlThread.runAndWait(control, action);
    }

    @Override
    public void close() {
        control.shutdown();
        try {
            control.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeCluster();
    }

    /**
     * Drops the cluster without the checkpoint a shutdown takes, as a crash of the server would; jobs resume from
     * their last periodic checkpoint in the next engine. For tests.
     */
    void crash() {
        control.shutdownNow();
        MiniCluster mini = cluster;
        cluster = null;
        if (mini != null) {
            try {
                mini.closeAsync().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("embedded Flink cluster did not close cleanly", e);
            }
        }
        EngineResources.unregister(engineKey);
    }

    private synchronized void closeCluster() {
        if (cluster != null) {
            for (var entry : running.entrySet()) {
                if (!terminal(entry.getValue())) {
                    // a shutdown is a pause: the jobs resume from their checkpoints at the next start
                    checkpoint(entry.getKey(), entry.getValue(), "shutdown");
                }
            }
            try {
                cluster.closeAsync().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("embedded Flink cluster did not close cleanly", e);
            }
            cluster = null;
        }
        EngineResources.unregister(engineKey);
    }

    private synchronized MiniCluster cluster() {
        if (cluster == null) {
            long started = System.nanoTime();
            var mini = new MiniCluster(EmbeddedCluster.configuration(config));
            try {
                mini.start();
            } catch (Exception e) {
                throw new IllegalStateException("the embedded Flink cluster did not start: " + rootCause(e), e);
            }
            cluster = mini;
            LOG.info("embedded Flink cluster started in {} ms ({} task slots)",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), config.taskSlots());
        }
        return cluster;
    }

    /**
     * Takes a checkpoint, retrying while the job's tasks are still being deployed; without one the job resumes
     * from its previous checkpoint (or its start offsets) and recomputes what came after it.
     */
    private void checkpoint(String pipelineId, JobID id, String reason) {
        for (int attempt = 1; ; attempt++) {
            try {
                String path = cluster.triggerCheckpoint(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info("stream job {}: checkpoint {} on {}", pipelineId, path, reason);
                return;
            } catch (Exception e) {
                if (attempt >= 20 || terminal(id)) {
                    LOG.warn("stream job {}: no checkpoint on {} ({}); it resumes from the previous one",
                            pipelineId, reason, rootCause(e));
                    return;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void cancel(String pipelineId, JobID id) {
        try {
            cluster.cancelJob(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!terminal(id) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException("pipeline " + pipelineId + " did not stop: " + rootCause(e), e);
        }
    }

    private boolean terminal(JobID id) {
        try {
            return cluster == null || cluster.getJobStatus(id).get(10, TimeUnit.SECONDS).isGloballyTerminalState();
        } catch (Exception e) {
            return true;
        }
    }

    /** The newest complete checkpoint of any run of the job: a {@code chk-N} directory holding {@code _metadata}. */
    static Optional<Path> latestCheckpoint(Path jobDir) {
        if (!Files.isDirectory(jobDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(jobDir, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .max(Comparator.comparingLong(FlinkStreamEngine::modified)).map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After a restore, the checkpoints of earlier runs are no longer needed (the restored one is kept). */
    private static void dropOlderRuns(Path jobDir, Path restoredCheckpoint) {
        Path restoredRun = restoredCheckpoint.getParent();
        try (Stream<Path> runs = Files.list(jobDir)) {
            runs.filter(run -> Files.isDirectory(run) && !run.equals(restoredRun))
                    .forEach(FlinkStreamEngine::deleteRecursively);
        } catch (IOException e) {
            LOG.debug("cannot list {}", jobDir, e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
