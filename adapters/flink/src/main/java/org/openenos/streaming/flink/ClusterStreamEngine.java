package org.openenos.streaming.flink;

import static org.openenos.error.Failures.rootCause;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.StreamEngine;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplatePipelines;
import org.openenos.streaming.pipeline.Pipeline;
import org.openenos.telemetry.TelemetryBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stream jobs on a Flink session cluster (ADR 0128). Jobs are the same graphs as embedded (templates and custom
 * pipelines), reading the Kafka bus topic with Flink's Kafka source and writing results back to it in the bus's
 * format; the job jar is uploaded with each job. The cluster, not this server, holds the jobs: a server that stops
 * leaves them running, and every server node finds a pipeline's job by its name and its savepoints in the shared
 * checkpoint directory, so any node manages any job. A pause is a stop-with-savepoint, a stop a cancel that drops the checkpoints; a start with
 * resume restores the newest savepoint or retained checkpoint. The loss of a TaskManager is Flink's to handle: the
 * job restarts from its last checkpoint once slots are back.
 */
public final class ClusterStreamEngine implements StreamEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterStreamEngine.class);
    private static final long TIMEOUT_SECONDS = 60;

    private final ClusterEngineConfig config;
    private final TelemetryBus bus;
    private final RestClusterClient<StandaloneClusterId> client;
    private final Admin admin;
    private final DirectoryPublisher directory;
    private final ClusterJobMetrics metrics;
    private final Map<String, Boolean> starting = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final ExecutorService control = Executors
            .newSingleThreadExecutor(r -> Thread.ofPlatform().name("cluster-stream-control").daemon().unstarted(r));
    private final Timer submitTime;

    public ClusterStreamEngine(ClusterEngineConfig config, TelemetryBus bus, DirectorySource directory,
                               MeterRegistry meters) {
        this.config = config;
        this.bus = bus;
        this.directory = new DirectoryPublisher(config, directory, meters);
        this.metrics = new ClusterJobMetrics(meters, this::state);
        URI rest = URI.create(config.restAddress());
        var conf = new Configuration();
        conf.set(RestOptions.ADDRESS, rest.getHost());
        conf.set(RestOptions.PORT, rest.getPort() > 0 ? rest.getPort() : 8081);
        try {
            this.client = new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the Flink REST client for " + config.restAddress(), e);
        }
        var props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put("bootstrap.servers", config.bootstrapServers());
        this.admin = Admin.create(props);
        this.submitTime = Timer.builder("openenos.stream.cluster.submit")
                .description("time to submit a stream job to the Flink session cluster, job jar upload included")
                .register(meters);
    }

    @Override
    public void start(StreamJob job, JobSpec spec, boolean resume) {
        String pipelineId = job.pipelineId();
        if (starting.putIfAbsent(pipelineId, Boolean.TRUE) != null) {
            throw new IllegalStateException("pipeline " + pipelineId + " is already starting");
        }
        failures.remove(pipelineId);
        Map<Integer, Long> requestedAt = bus.endOffsets();
        long requestedTime = System.currentTimeMillis();
        control.execute(() -> {
            try {
                submit(job, spec, resume, requestedAt, requestedTime);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("stream job {} did not start on the Flink cluster", pipelineId, e);
                failures.put(pipelineId, String.valueOf(e.getMessage()));
            } finally {
                starting.remove(pipelineId);
            }
        });
    }

    private void submit(StreamJob job, JobSpec spec, boolean resume, Map<Integer, Long> requestedAt,
                        long requestedTime) {
        String pipelineId = job.pipelineId();
        // before the job starts: it reads the directory topic up to its end when it opens
        directory.watch(pipelineId, job.orgId(), spec);
        metrics.track(job);
        Optional<JobStatusMessage> active = ClusterJobs.active(jobs(), pipelineId);
        if (active.isPresent()) {
            if (resume) {
                LOG.info("stream job {} is already running on the Flink cluster as {}", pipelineId,
                        active.get().getJobId());
                return;
            }
            throw new IllegalStateException("pipeline " + pipelineId + " is already running on the Flink cluster");
        }
        String jobDir = config.jobDir(pipelineId);
        String restore = resume ? ClusterJobs.latestRestorePoint(jobDir).orElse(null) : null;
        Map<Integer, Long> startAt = requestedAt;
        if (!resume) {
            ClusterJobs.delete(jobDir);
            ClusterJobs.writeStartOffsets(jobDir, requestedAt);
        } else if (restore == null) {
            // lost before its first checkpoint: it reads again from where it first started, not from the topic's end
            startAt = ClusterJobs.startOffsets(jobDir).orElse(requestedAt);
        }
        var graph = ClusterJobGraphs.build(config, job, spec, startAt, jobConfig(jobDir), restore);
        graph.setJobID(ClusterJobs.jobIdFor(pipelineId, restore, requestedTime));
        graph.addJar(new org.apache.flink.core.fs.Path(config.jobJar().toUri()));
        long began = System.nanoTime();
        try {
            client.submitJob(graph).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (rootCause(e).contains("DuplicateJobSubmission") || rootCause(e).contains("already been submitted")) {
                LOG.info("stream job {} was submitted by another node as {}", pipelineId, graph.getJobID());
                return;
            }
            throw new IllegalStateException("the Flink cluster refused the job: " + rootCause(e), e);
        }
        submitTime.record(Duration.ofNanos(System.nanoTime() - began));
        LOG.info("stream job {} ({}) submitted to the Flink cluster at {} as job {} in {} ms{}", pipelineId,
                job.name(), config.restAddress(), graph.getJobID(), (System.nanoTime() - began) / 1_000_000,
                restore == null ? "" : ", restored from " + restore);
    }

    private Configuration jobConfig(String jobDir) {
        var jobConfig = new Configuration();
        jobConfig.setString("execution.checkpointing.interval", config.checkpointInterval().toMillis() + " ms");
        jobConfig.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        jobConfig.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        jobConfig.setString("execution.checkpointing.dir", jobDir);
        jobConfig.setString("execution.checkpointing.savepoint-dir", jobDir + "/savepoints");
        jobConfig.setString("execution.checkpointing.num-retained", "2");
        jobConfig.setString("state.backend.type", "hashmap");
        jobConfig.setString("restart-strategy.type", "exponential-delay");
        jobConfig.setString("restart-strategy.exponential-delay.initial-backoff", "1 s");
        jobConfig.setString("restart-strategy.exponential-delay.max-backoff", "10 s");
        return jobConfig;
    }

    @Override
    public void pause(String pipelineId) {
        onControlThread(() -> {
            Optional<JobStatusMessage> active = ClusterJobs.active(jobs(), pipelineId);
            if (active.isEmpty()) {
                return;
            }
            JobID id = active.get().getJobId();
            if (!allTasksRunning(id)) {
                // Flink refuses the savepoint at once, but this client cannot read that refusal from a packaged
                // server (it fails to deserialize the error) and would wait out the whole time-out instead
                LOG.warn("stream job {} is not running all its tasks (deploying or restarting): cancelling it without"
                        + " a savepoint, it resumes from its last checkpoint", pipelineId);
                cancelAndWait(id);
                return;
            }
            try {
                String savepoint = client.stopWithSavepoint(id, false, config.jobDir(pipelineId) + "/savepoints",
                        SavepointFormatType.CANONICAL).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info("stream job {} paused with savepoint {}", pipelineId, savepoint);
            } catch (Exception e) {
                // a job that is restarting takes no savepoint: its retained checkpoint is where it resumes
                LOG.warn("stream job {} took no savepoint ({}); cancelling it, it resumes from its last checkpoint",
                        pipelineId, rootCause(e));
                cancelAndWait(id);
            }
        });
    }

    @Override
    public void stop(String pipelineId) {
        onControlThread(() -> {
            failures.remove(pipelineId);
            directory.unwatch(pipelineId);
            metrics.untrack(pipelineId);
            ClusterJobs.active(jobs(), pipelineId).ifPresent(j -> cancelAndWait(j.getJobId()));
            ClusterJobs.delete(config.jobDir(pipelineId));
        });
    }

    @Override
    public void resetOffsets(String pipelineId) {
        // the offsets live in the checkpoints with the state: without them the next start reads from the topic's end
        onControlThread(() -> ClusterJobs.delete(config.jobDir(pipelineId)));
    }

    /**
     * A stage's state from the job's newest checkpoint or savepoint, read with the State Processor API as embedded:
     * the checkpoint directory is shared, so a server node that mounts it (a {@code file:} URI) reads it directly.
     */
    @Override
    public StagePage stageState(StreamJob job, JobSpec spec, String stage, Set<String> assetIds,
                                Set<String> pointIds, int offset, int limit) {
        Pipeline pipeline = TemplatePipelines.of(spec);
        var parts = StageStateReaders.of(pipeline, FlinkStreamEngine.statefulStage(job, pipeline, stage), assetIds,
                pointIds);
        return CheckpointStateReader.read(localJobDir(job.pipelineId()), parts, StageStateReaders.ORDER, offset,
                limit);
    }

    private Path localJobDir(String pipelineId) {
        URI dir = URI.create(config.jobDir(pipelineId));
        if (dir.getScheme() == null) {
            return Path.of(config.jobDir(pipelineId));
        }
        if (!dir.getScheme().equals("file")) {
            throw new IllegalStateException("stage state of jobs on the Flink cluster is read from a checkpoint"
                    + " directory this server mounts (file:), not from " + config.checkpointDir());
        }
        return Path.of(dir);
    }

    @Override
    public RuntimeState state(String pipelineId) {
        String failed = failures.get(pipelineId);
        if (failed != null) {
            return new RuntimeState("FAILED", failed, 0, 0, 0, 0);
        }
        if (starting.containsKey(pipelineId)) {
            return new RuntimeState("STARTING", null, 0, 0, 0, 0);
        }
        Optional<JobStatusMessage> latest;
        try {
            latest = ClusterJobs.latest(jobs(), pipelineId);
        } catch (RuntimeException e) {
            return new RuntimeState("FAILED", "the Flink cluster does not answer: " + rootCause(e), 0, 0, 0, 0);
        }
        if (latest.isEmpty()) {
            return RuntimeState.notRunning();
        }
        JobID id = latest.get().getJobId();
        JobStatus status = latest.get().getJobState();
        try {
            JobDetailsInfo details = client.getJobDetails(id).get(10, TimeUnit.SECONDS);
            var counts = RecordCounts.of(details);
            String phase = switch (status) {
                case RUNNING -> allTasksRunning(details) ? "RUNNING" : "STARTING";
                case FAILED -> "FAILED";
                case CANCELED, CANCELLING, FINISHED, SUSPENDED -> "NOT_RUNNING";
                default -> "STARTING";
            };
            String failure = status == JobStatus.FAILED ? failureOf(id) : null;
            return new RuntimeState(phase, failure, counts.in(), counts.out(), 0,
                    phase.equals("NOT_RUNNING") ? 0 : lag(pipelineId));
        } catch (Exception e) {
            return new RuntimeState("STARTING", null, 0, 0, 0, 0);
        }
    }

    /** Records read from the topic (after the job's selection) and results handed to the sink, from Flink's REST. */
    record RecordCounts(long in, long out) {
        static RecordCounts of(JobDetailsInfo details) {
            long in = 0;
            long out = 0;
            for (var vertex : details.getJobVertexInfos()) {
                if (vertex.getName().startsWith("Source")) {
                    in += vertex.getJobVertexMetrics().getRecordsWritten();
                } else if (vertex.getName().contains("bus topic") && vertex.getName().contains("Writer")) {
                    out += vertex.getJobVertexMetrics().getRecordsRead();
                }
            }
            return new RecordCounts(in, out);
        }
    }

    /** True also when the JobManager does not answer: the savepoint's own failure then decides. */
    private boolean allTasksRunning(JobID id) {
        try {
            return allTasksRunning(client.getJobDetails(id).get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            return true;
        }
    }

    private static boolean allTasksRunning(JobDetailsInfo details) {
        return details.getJobVertexInfos().stream().allMatch(v -> v.getExecutionState() == ExecutionState.RUNNING);
    }

    private String failureOf(JobID id) {
        try {
            return client.requestJobResult(id).get(10, TimeUnit.SECONDS).getSerializedThrowable()
                    .map(t -> t.getMessage() == null ? t.getOriginalErrorClassName() : t.getMessage())
                    .orElse("the job failed on the Flink cluster");
        } catch (Exception e) {
            return "the job failed on the Flink cluster";
        }
    }

    /**
     * Lag from the offsets the job's Kafka source commits to its consumer group when a checkpoint completes: what a
     * restore would read again, and what is not processed yet.
     */
    @Override
    public Map<Integer, PartitionLag> offsets(String pipelineId) {
        Map<Integer, Long> ends = bus.endOffsets();
        var committed = new TreeMap<Integer, Long>();
        try {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(ClusterEngineConfig.groupOf(pipelineId))
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            offsets.forEach((tp, o) -> {
                if (o != null && tp.topic().equals(config.topic())) {
                    committed.put(tp.partition(), o.offset());
                }
            });
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("committed offsets of stream job {} unavailable", pipelineId, e);
        }
        var result = new TreeMap<Integer, PartitionLag>();
        ends.forEach((p, end) -> {
            long at = committed.getOrDefault(p, end);
            result.put(p, new PartitionLag(at, Math.max(0, end - at)));
        });
        return result;
    }

    private long lag(String pipelineId) {
        return offsets(pipelineId).values().stream().mapToLong(PartitionLag::lag).sum();
    }

    private Collection<JobStatusMessage> jobs() {
        try {
            return client.listJobs().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("the Flink cluster at " + config.restAddress() + " does not answer: "
                    + rootCause(e), e);
        }
    }

    private void cancelAndWait(JobID id) {
        try {
            client.cancel(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            // the checkpoint directory may be dropped only once the job can no longer write to it
            while (!client.getJobStatus(id).get(10, TimeUnit.SECONDS).isGloballyTerminalState()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("the Flink cluster did not cancel job " + id + ": " + rootCause(e), e);
        }
    }

    private void onControlThread(Runnable action) {
        ControlThread.runAndWait(control, action);
    }

    /** Leaves the jobs running on the cluster: the next server (or another node) finds them there. */
    @Override
    public void close() {
        control.shutdown();
        try {
            control.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        directory.close();
        client.close();
        admin.close(Duration.ofSeconds(5));
    }
}
