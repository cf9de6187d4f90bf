package org.openenos.streaming;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.streaming.pipeline.Pipeline;
import org.openenos.streaming.pipeline.PipelineSpecs;
import org.openenos.streaming.pipeline.PointCatalog;
import org.openenos.streaming.pipeline.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Use cases of stream jobs: create and edit drafts, release, start, pause, stop, delete. Definitions are validated
 * on every save (errors name the policy and field) and frozen at release; the engine only ever runs a released
 * definition. Every call is scoped by organization: a job id of another organization is "not found".
 */
public final class StreamingService {
    private static final long MAX_STAGE_POINTS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(StreamingService.class);
    private final StreamJobStore store;
    private final StreamEngine engine;
    private final Clock clock;
    private final StreamJobVersionStore versions;
    private final JobRates rates = new JobRates();
    private final Function<String, PointCatalog> catalogs;

    public StreamingService(StreamJobStore store, StreamEngine engine, Clock clock) {
        this(store, StreamJobVersionStore.inMemory(), engine, clock);
    }

    public StreamingService(StreamJobStore store, StreamJobVersionStore versions, StreamEngine engine, Clock clock) {
        this(store, versions, engine, clock, orgId -> PointCatalog.ANY);
    }

    /** {@code catalogs}: the models' points of an organization, which the points of a custom pipeline must be. */
    public StreamingService(StreamJobStore store, StreamJobVersionStore versions, StreamEngine engine, Clock clock,
                            Function<String, PointCatalog> catalogs) {
        this.store = store;
        this.versions = versions;
        this.engine = engine;
        this.clock = clock;
        this.catalogs = catalogs;
    }

    /** Validates a definition; a custom pipeline's points are also checked against the organization's models. */
    private JobSpec validate(String orgId, TemplateType type, Map<String, Object> config) {
        return type == TemplateType.Custom ? new JobSpec.Custom(PipelineSpecs.parse(config, catalogs.apply(orgId)))
                : JobSpecs.parse(type, config);
    }

    public StreamJob create(String orgId, String name, String templateType, Map<String, Object> config) {
        if (name == null || name.isBlank()) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, "pipelineName is required");
        }
        TemplateType type = TemplateType.parse(templateType);
        validate(orgId, type, config);
        var now = clock.instant();
        var job = new StreamJob(UUID.randomUUID().toString().replace("-", "").substring(0, 16), orgId, name.trim(),
                type, config, null, 1, 0, JobStatus.DRAFT, null, now, now);
        store.insert(job);
        return job;
    }

    /** Saves a new draft; a running job keeps running its released definition until the next release. */
    public StreamJob update(String orgId, String pipelineId, String name, Map<String, Object> config) {
        StreamJob job = get(orgId, pipelineId);
        Map<String, Object> newConfig = config == null ? job.config() : config;
        validate(orgId, job.templateType(), newConfig);
        StreamJob saved = job.withDraft(name == null || name.isBlank() ? job.name() : name.trim(), newConfig,
                clock.instant());
        store.update(saved);
        return saved;
    }

    public StreamJob get(String orgId, String pipelineId) {
        if (pipelineId == null || pipelineId.isBlank()) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, "pipelineId is required");
        }
        StreamJob job = store.find(orgId, pipelineId).orElseThrow(() -> new OpenEnosException(
                ErrorCode.STREAM_PIPELINE_NOT_FOUND, "pipeline " + pipelineId + " does not exist"));
        return reconcile(job);
    }

    public List<StreamJob> list(String orgId) {
        return store.list(orgId).stream().map(this::reconcile).toList();
    }

    public RuntimeView runtime(String orgId, String pipelineId) {
        return view(get(orgId, pipelineId));
    }

    /** How many jobs of every organization are in the status (for the Prometheus gauge of job statuses). */
    public int countInStatus(JobStatus status) {
        return store.withStatus(status).size();
    }

    /** The runtime of every running job of every organization (for the platform metrics that alerts read). */
    public List<RuntimeView> runningJobs() {
        return store.withStatus(JobStatus.RUNNING).stream().map(this::reconcile).map(this::view).toList();
    }

    /** The runtime of a job already read (for lists). */
    public RuntimeView view(StreamJob job) {
        StreamEngine.RuntimeState state = engine.state(job.pipelineId());
        JobRates.Rates r = job.status() == JobStatus.RUNNING
                ? rates.observe(job.pipelineId(), clock.millis(), state.recordsIn(), state.recordsOut())
                : JobRates.Rates.NONE;
        return new RuntimeView(job, state, r);
    }

    /** {@code rates}: records in and out per second over the last minute, zero when the job is not running. */
    public record RuntimeView(StreamJob job, StreamEngine.RuntimeState state, JobRates.Rates rates) {
    }

    public StreamJob release(String orgId, String pipelineId) {
        StreamJob job = get(orgId, pipelineId);
        if (!job.status().canRelease()) {
            throw new OpenEnosException(ErrorCode.STREAM_RELEASE_WHILE_RUNNING,
                    "pipeline " + pipelineId + " is running: pause or stop it before a release");
        }
        JobSpec spec = validate(orgId, job.templateType(), job.config());
        JobChains chains = chains(orgId, job, spec);
        chains.loopThrough(pipelineId).ifPresent(loop -> {
            throw new OpenEnosException(ErrorCode.STREAM_CHAIN_LOOP, "pipeline " + pipelineId
                    + " would close a loop of jobs feeding each other: " + chains.describe(loop));
        });
        StreamJob released = job.released(clock.instant());
        if (job.status() == JobStatus.PAUSED) {
            // a new definition cannot continue the old one's state
            engine.stop(pipelineId);
        }
        store.update(released);
        versions.insert(StreamJobVersion.of(released));
        return released;
    }

    /** Jobs of the organization that write this job's inputs (upstream) and read its outputs (downstream). */
    public Chain chain(String orgId, String pipelineId) {
        return chain(get(orgId, pipelineId));
    }

    /** The chain of a job already read (for its details, which read the job once). */
    public Chain chain(StreamJob job) {
        String orgId = job.orgId();
        String pipelineId = job.pipelineId();
        Map<String, Object> config = job.releasedConfig() != null ? job.releasedConfig() : job.config();
        JobChains chains = chains(orgId, job, JobSpecs.parse(job.templateType(), config));
        return new Chain(chains.upstream(pipelineId), chains.downstream(pipelineId));
    }

    public record Chain(List<String> upstream, List<String> downstream) {
    }

    private JobChains chains(String orgId, StreamJob job, JobSpec spec) {
        var nodes = new java.util.ArrayList<JobChains.Node>();
        nodes.add(JobChains.Node.of(job, spec));
        for (StreamJob other : store.list(orgId)) {
            if (other.releasedConfig() != null && !other.pipelineId().equals(job.pipelineId())) {
                try {
                    nodes.add(JobChains.Node.of(other, JobSpecs.parse(other.templateType(), other.releasedConfig())));
                } catch (OpenEnosException e) {
                    LOG.debug("released definition of {} no longer parses", other.pipelineId(), e);
                }
            }
        }
        return new JobChains(nodes);
    }

    /** Released versions of a job, newest first. */
    public List<StreamJobVersion> versions(String orgId, String pipelineId) {
        get(orgId, pipelineId);
        return versions.list(orgId, pipelineId);
    }

    public StreamJobVersion version(String orgId, String pipelineId, int version) {
        get(orgId, pipelineId);
        return versions.find(orgId, pipelineId, version).orElseThrow(() -> new OpenEnosException(
                ErrorCode.STREAM_VERSION_NOT_FOUND, "pipeline " + pipelineId + " has no version " + version));
    }

    /** The job's definition as a document that {@link #importJob} turns into a new job (in any organization). */
    public Map<String, Object> export(String orgId, String pipelineId) {
        return JobExports.export(get(orgId, pipelineId));
    }

    /** Creates a draft from an exported document; the template and its policy table are validated as on create. */
    public StreamJob importJob(String orgId, Map<String, Object> document, String newName) {
        JobExports.Imported imported = JobExports.read(document);
        return create(orgId, newName == null || newName.isBlank() ? imported.name() : newName,
                imported.templateType(), imported.config());
    }

    public StreamJob start(String orgId, String pipelineId) {
        StreamJob job = get(orgId, pipelineId);
        if (!job.status().canStart() || job.releasedConfig() == null) {
            throw illegal(job, "start");
        }
        JobSpec spec = JobSpecs.parse(job.templateType(), job.releasedConfig());
        try {
            engine.start(job, spec, job.status() == JobStatus.PAUSED || job.status() == JobStatus.FAILED);
        } catch (RuntimeException e) {
            LOG.warn("stream job {} of {} could not start", pipelineId, orgId, e);
            StreamJob failed = job.withStatus(JobStatus.FAILED, "start failed: " + e.getMessage(), clock.instant());
            store.update(failed);
            throw new OpenEnosException(ErrorCode.STREAM_ENGINE_FAILED, "pipeline " + pipelineId
                    + " could not start: " + e.getMessage(), e);
        }
        StreamJob running = job.withStatus(JobStatus.RUNNING, null, clock.instant());
        store.update(running);
        return running;
    }

    public StreamJob pause(String orgId, String pipelineId) {
        StreamJob job = get(orgId, pipelineId);
        if (!job.status().canPause()) {
            throw illegal(job, "pause");
        }
        engine.pause(pipelineId);
        StreamJob paused = job.withStatus(JobStatus.PAUSED, null, clock.instant());
        store.update(paused);
        return paused;
    }

    public StreamJob stop(String orgId, String pipelineId) {
        StreamJob job = get(orgId, pipelineId);
        if (!job.status().canStop()) {
            throw illegal(job, "stop");
        }
        try {
            engine.stop(pipelineId);
        } catch (RuntimeException e) {
            throw new OpenEnosException(ErrorCode.STREAM_ENGINE_FAILED, "pipeline " + pipelineId
                    + " could not be stopped: " + e.getMessage(), e);
        }
        StreamJob stopped = job.withStatus(JobStatus.STOPPED, null, clock.instant());
        store.update(stopped);
        return stopped;
    }

    public void delete(String orgId, String pipelineId) {
        StreamJob job = get(orgId, pipelineId);
        if (job.status() == JobStatus.RUNNING) {
            throw illegal(job, "delete");
        }
        engine.stop(pipelineId);
        store.delete(orgId, pipelineId);
        versions.deleteAll(orgId, pipelineId);
        rates.forget(pipelineId);
    }

    public Map<Integer, StreamEngine.PartitionLag> offsetLag(String orgId, String pipelineId) {
        StreamJob job = get(orgId, pipelineId);
        if (job.status() != JobStatus.RUNNING) {
            throw illegal(job, "read the offset lag of");
        }
        return engine.offsets(pipelineId);
    }

    public void resetOffsets(String orgId, String pipelineId) {
        StreamJob job = get(orgId, pipelineId);
        if (job.status() != JobStatus.PAUSED && job.status() != JobStatus.STOPPED) {
            throw illegal(job, "reset the offsets of");
        }
        engine.resetOffsets(pipelineId);
    }

    /**
     * The stage state API. Each template job has one stateful stage ({@link TemplateStages}); a custom pipeline's
     * stateful stages (windows, merger, per-point taggers) are named by their stage ids. State is read from
     * the job's newest completed checkpoint, of a running or a paused job, a page at a time. Deleting a stage's state
     * needs a paused job (as in EnOS): the stage starts afresh at the next start, the other stages and the read
     * offsets are kept. A stopped job holds no state: there is nothing to delete.
     */
    public StreamEngine.StagePage stageState(String orgId, String pipelineId, String stage, Set<String> assetIds,
                                             Set<String> pointIds, int offset, int limit) {
        StreamJob job = get(orgId, pipelineId);
        requireStage(job, stage);
        if (job.status() != JobStatus.RUNNING && job.status() != JobStatus.PAUSED) {
            throw illegal(job, "read the stage state of");
        }
        if ((long) assetIds.size() * Math.max(1, pointIds.size()) > MAX_STAGE_POINTS) {
            throw new OpenEnosException(ErrorCode.STREAM_TOO_MANY_POINTS,
                    "at most " + MAX_STAGE_POINTS + " asset points per request");
        }
        if (offset < 0 || limit < 1 || limit > MAX_STAGE_POINTS) {
            throw new OpenEnosException(ErrorCode.STREAM_TOO_MANY_POINTS,
                    "offset must be 0 or more and limit between 1 and " + MAX_STAGE_POINTS);
        }
        return engine.stageState(job, JobSpecs.parse(job.templateType(), job.releasedConfig()), stage.trim(),
                assetIds, pointIds, offset, limit);
    }

    public void deleteStageState(String orgId, String pipelineId, String stage) {
        StreamJob job = get(orgId, pipelineId);
        requireStage(job, stage);
        if (job.status() == JobStatus.STOPPED) {
            return;
        }
        if (job.status() != JobStatus.PAUSED) {
            throw illegal(job, "delete the stage state of (pause it first)");
        }
        engine.deleteStageState(job, JobSpecs.parse(job.templateType(), job.releasedConfig()), stage.trim());
    }

    private static void requireStage(StreamJob job, String stage) {
        if (stage == null || stage.isBlank()) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, "stageInstanceName is required");
        }
        if (job.templateType() == TemplateType.Custom) {
            requirePipelineStage(job, stage.trim());
            return;
        }
        String own = TemplateStages.of(job.templateType()).orElse(null);
        if (!stage.trim().equals(own)) {
            throw new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG, "stage " + stage + " of a "
                    + job.templateType() + " job has no readable state"
                    + (own == null ? "" : " (its stateful stage is '" + own + "')"));
        }
    }

    /** A custom pipeline's stage by its id (of the released pipeline, else the draft): it must keep state. */
    private static void requirePipelineStage(StreamJob job, String id) {
        Pipeline pipeline = TemplatePipelines.of(JobSpecs.parse(TemplateType.Custom,
                job.releasedConfig() != null ? job.releasedConfig() : job.config()));
        List<String> stateful = pipeline.stages().stream().filter(Stage::stateful).map(Stage::id).toList();
        Stage stage = pipeline.stages().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
        if (stage == null) {
            throw new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG, "stage '" + id + "': pipeline "
                    + job.pipelineId() + " has no such stage (its stateful stages: " + stateful + ")");
        }
        if (!stage.stateful()) {
            throw new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG, "stage '" + id + "' (" + stage.operator()
                    + ") keeps no state (the pipeline's stateful stages: " + stateful + ")");
        }
    }

    /** After a server restart: jobs that were running continue from their checkpoints. */
    public void resumeRunningJobs() {
        for (StreamJob job : store.withStatus(JobStatus.RUNNING)) {
            try {
                engine.start(job, JobSpecs.parse(job.templateType(), job.releasedConfig()), true);
                LOG.info("stream job {} of {} resumed", job.pipelineId(), job.orgId());
            } catch (RuntimeException e) {
                LOG.warn("stream job {} of {} could not resume", job.pipelineId(), job.orgId(), e);
                store.update(job.withStatus(JobStatus.FAILED, "resume failed: " + e.getMessage(), clock.instant()));
            }
        }
    }

    /** A job the engine has given up on is FAILED, whatever the stored status said. */
    private StreamJob reconcile(StreamJob job) {
        if (job.status() != JobStatus.RUNNING) {
            return job;
        }
        StreamEngine.RuntimeState state = engine.state(job.pipelineId());
        if (state.failed()) {
            StreamJob failed = job.withStatus(JobStatus.FAILED, state.failure(), clock.instant());
            store.update(failed);
            return failed;
        }
        return job;
    }

    private static OpenEnosException illegal(StreamJob job, String action) {
        return new OpenEnosException(ErrorCode.STREAM_ILLEGAL_STATUS,
                "cannot " + action + " pipeline " + job.pipelineId() + " in status " + job.status());
    }
}
