package org.openenos.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/** The lifecycle rules, with an in-memory store and an engine that records what it was asked (pure logic). */
class StreamingServiceTest {
    private final Map<String, StreamJob> jobs = new HashMap<>();
    private final List<String> engineCalls = new ArrayList<>();
    private final StreamingService service = new StreamingService(new StreamJobStore() {
        public void insert(StreamJob job) {
            jobs.put(job.pipelineId(), job);
        }

        public Optional<StreamJob> find(String orgId, String id) {
            return Optional.ofNullable(jobs.get(id)).filter(j -> j.orgId().equals(orgId));
        }

        public List<StreamJob> list(String orgId) {
            return jobs.values().stream().filter(j -> j.orgId().equals(orgId)).toList();
        }

        public List<StreamJob> withStatus(JobStatus status) {
            return jobs.values().stream().filter(j -> j.status() == status).toList();
        }

        public void update(StreamJob job) {
            jobs.put(job.pipelineId(), job);
        }

        public boolean delete(String orgId, String id) {
            return jobs.remove(id) != null;
        }
    }, new StreamEngine() {
        public void start(StreamJob job, JobSpec spec, boolean resume) {
            engineCalls.add((resume ? "resume " : "start ") + job.pipelineId());
        }

        public void pause(String id) {
            engineCalls.add("pause " + id);
        }

        public void stop(String id) {
            engineCalls.add("stop " + id);
        }

        public RuntimeState state(String id) {
            return RuntimeState.notRunning();
        }

        public Map<Integer, PartitionLag> offsets(String id) {
            return Map.of();
        }

        public void resetOffsets(String id) {
        }

        public StagePage stageState(StreamJob job, JobSpec spec, String stage, java.util.Set<String> assets,
                                    java.util.Set<String> points, int offset, int limit) {
            engineCalls.add("read " + stage + " " + offset + "+" + limit);
            return new StagePage(List.of(), 7L, 1L, null);
        }

        public void deleteStageState(StreamJob job, JobSpec spec, String stage) {
            engineCalls.add("delete " + stage);
        }

        public void close() {
        }
    }, Clock.systemUTC());

    private static final Map<String, Object> CONFIG = Map.of("policies", List.of(Map.of("modelId", "m",
            "inputPoint", "p", "aggregation", "avg", "windowMinutes", 1, "outputPoint", "p_avg")));

    private static ErrorCode code(Throwable e) {
        return ((OpenEnosException) e).code();
    }

    @Test
    void aJobGoesFromDraftThroughReleaseToRunningPausedAndStopped() {
        String id = service.create("o1", "avg", "TimeWindowAggregation", CONFIG).pipelineId();
        assertThat(service.get("o1", id).status()).isEqualTo(JobStatus.DRAFT);
        assertThatThrownBy(() -> service.start("o1", id)).satisfies(e ->
                assertThat(code(e)).isEqualTo(ErrorCode.STREAM_ILLEGAL_STATUS));
        assertThat(service.release("o1", id).status()).isEqualTo(JobStatus.PUBLISHED);
        assertThat(service.start("o1", id).status()).isEqualTo(JobStatus.RUNNING);
        assertThatThrownBy(() -> service.release("o1", id)).satisfies(e ->
                assertThat(code(e)).isEqualTo(ErrorCode.STREAM_RELEASE_WHILE_RUNNING));
        assertThat(service.pause("o1", id).status()).isEqualTo(JobStatus.PAUSED);
        assertThat(service.start("o1", id).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(service.stop("o1", id).status()).isEqualTo(JobStatus.STOPPED);
        assertThatThrownBy(() -> service.pause("o1", id)).satisfies(e ->
                assertThat(code(e)).isEqualTo(ErrorCode.STREAM_ILLEGAL_STATUS));
        assertThat(engineCalls).containsExactly("start " + id, "pause " + id, "resume " + id, "stop " + id);
    }

    @Test
    void theEngineRunsTheReleasedDefinitionWhileTheDraftChanges() {
        String id = service.create("o1", "avg", "TimeWindowAggregation", CONFIG).pipelineId();
        service.release("o1", id);
        var changed = Map.<String, Object>of("policies", List.of(Map.of("modelId", "m", "inputPoint", "p",
                "aggregation", "max", "windowMinutes", 1, "outputPoint", "p_max")));
        StreamJob job = service.update("o1", id, null, changed);
        assertThat(job.version()).isEqualTo(2);
        assertThat(job.releasedVersion()).isEqualTo(1);
        assertThat(job.releasedConfig()).isEqualTo(CONFIG);
    }

    @Test
    void anotherOrganizationsJobIsNotFound() {
        String id = service.create("o1", "avg", "TimeWindowAggregation", CONFIG).pipelineId();
        assertThatThrownBy(() -> service.get("o2", id)).satisfies(e ->
                assertThat(code(e)).isEqualTo(ErrorCode.STREAM_PIPELINE_NOT_FOUND));
        assertThatThrownBy(() -> service.start("o2", id)).satisfies(e ->
                assertThat(code(e)).isEqualTo(ErrorCode.STREAM_PIPELINE_NOT_FOUND));
    }

    @Test
    void runningJobsResumeAfterARestart() {
        String id = service.create("o1", "avg", "TimeWindowAggregation", CONFIG).pipelineId();
        service.release("o1", id);
        service.start("o1", id);
        engineCalls.clear();
        service.resumeRunningJobs();
        assertThat(engineCalls).containsExactly("resume " + id);
    }

    @Test
    void theTemplatesStageIsReadWhileRunningOrPausedAndDeletedOnlyWhilePaused() {
        String id = service.create("o1", "avg", "TimeWindowAggregation", CONFIG).pipelineId();
        java.util.Set<String> all = java.util.Set.of();
        assertThatThrownBy(() -> service.stageState("o1", id, "openWindows", all, all, 0, 10)).satisfies(e ->
                assertThat(code(e)).isEqualTo(ErrorCode.STREAM_ILLEGAL_STATUS));
        assertThatThrownBy(() -> service.stageState("o1", id, "lastValues", all, all, 0, 10))
                .hasMessageContaining("'openWindows'").satisfies(e ->
                        assertThat(code(e)).isEqualTo(ErrorCode.STREAM_INVALID_CONFIG));
        service.release("o1", id);
        service.start("o1", id);
        engineCalls.clear();
        assertThat(service.stageState("o1", id, " openWindows ", all, all, 5, 10).checkpointId()).isEqualTo(7L);
        assertThatThrownBy(() -> service.stageState("o1", id, "openWindows", all, all, 0, 100_001)).satisfies(e ->
                assertThat(code(e)).isEqualTo(ErrorCode.STREAM_TOO_MANY_POINTS));
        assertThatThrownBy(() -> service.deleteStageState("o1", id, "openWindows")).satisfies(e ->
                assertThat(code(e)).isEqualTo(ErrorCode.STREAM_ILLEGAL_STATUS));
        service.pause("o1", id);
        service.stageState("o1", id, "openWindows", all, all, 0, 1);
        service.deleteStageState("o1", id, "openWindows");
        service.stop("o1", id);
        service.deleteStageState("o1", id, "openWindows");   // a stopped job holds nothing: nothing to do
        assertThat(engineCalls).containsExactly("read openWindows 5+10", "pause " + id, "read openWindows 0+1",
                "delete openWindows", "stop " + id);
    }

    @Test
    void aCustomPipelinesStatefulStagesAreNamedByTheirIdsAndAStatelessOrUnknownStageIsRefusedByName() {
        var stages = List.of(
                Map.of("id", "sel", "operator", "PointSelector", "config", Map.of("points", List.of("m::p"))),
                Map.of("id", "avg", "operator", "FixedTimeWindowAggregator", "inputs", List.of("sel"), "config",
                        Map.of("aggregation", "avg", "windowMinutes", 1, "outputPoint", "m::p_avg")),
                Map.of("id", "out", "operator", "Output", "inputs", List.of("avg")));
        String id = service.create("o1", "custom", "Custom", Map.of("stages", stages)).pipelineId();
        java.util.Set<String> all = java.util.Set.of();
        assertThatThrownBy(() -> service.stageState("o1", id, "sel", all, all, 0, 10))
                .hasMessage("stage 'sel' (PointSelector) keeps no state (the pipeline's stateful stages: [avg])")
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.STREAM_INVALID_CONFIG));
        assertThatThrownBy(() -> service.deleteStageState("o1", id, "avgs"))
                .hasMessage("stage 'avgs': pipeline " + id + " has no such stage (its stateful stages: [avg])")
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.STREAM_INVALID_CONFIG));
        assertThatThrownBy(() -> service.stageState("o1", id, "avg", all, all, 0, 10)).satisfies(e ->
                assertThat(code(e)).isEqualTo(ErrorCode.STREAM_ILLEGAL_STATUS));   // a draft holds no state
        service.release("o1", id);
        service.start("o1", id);
        service.stageState("o1", id, "avg", all, all, 0, 10);
        service.pause("o1", id);
        service.deleteStageState("o1", id, "avg");
        assertThat(engineCalls).containsExactly("start " + id, "read avg 0+10", "pause " + id, "delete avg");
    }
}
