package org.openenos.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/** Versions, export/import and chains of jobs, with in-memory stores and an idle engine (pure logic). */
class StreamJobLifecycleTest {
    private final Map<String, StreamJob> jobs = new HashMap<>();
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
    }, StreamJobVersionStore.inMemory(), new IdleEngine(), Clock.systemUTC());

    private static Map<String, Object> average(String in, String out) {
        return Map.of("policies", List.of(Map.of("modelId", "m", "inputPoint", in, "aggregation", "avg",
                "windowMinutes", 1, "outputPoint", out)));
    }

    private static ErrorCode code(Throwable e) {
        return ((OpenEnosException) e).code();
    }

    @Test
    void everyReleaseIsAVersionThatCanBeReadBackAfterLaterEdits() {
        StreamJob job = service.create("o1", "avg", "TimeWindowAggregation", average("p", "p_avg"));
        service.release("o1", job.pipelineId());
        service.update("o1", job.pipelineId(), null, average("p", "p_avg2"));
        service.release("o1", job.pipelineId());

        List<StreamJobVersion> versions = service.versions("o1", job.pipelineId());
        assertThat(versions).extracting(StreamJobVersion::version).containsExactly(2, 1);
        assertThat(service.version("o1", job.pipelineId(), 1).config()).isEqualTo(average("p", "p_avg"));
        assertThatThrownBy(() -> service.version("o1", job.pipelineId(), 7))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.STREAM_VERSION_NOT_FOUND));
        assertThatThrownBy(() -> service.versions("o2", job.pipelineId()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.STREAM_PIPELINE_NOT_FOUND));
    }

    @Test
    void anExportedJobImportsAsANewDraftOfTheSameTemplateAndPolicies() {
        StreamJob job = service.create("o1", "avg", "TimeWindowAggregation", average("p", "p_avg"));
        Map<String, Object> doc = service.export("o1", job.pipelineId());

        StreamJob copy = service.importJob("o2", doc, null);

        assertThat(copy.pipelineId()).isNotEqualTo(job.pipelineId());
        assertThat(copy.orgId()).isEqualTo("o2");
        assertThat(copy.name()).isEqualTo("avg");
        assertThat(copy.templateType()).isEqualTo(TemplateType.TimeWindowAggregation);
        assertThat(copy.config()).isEqualTo(job.config());
        assertThat(copy.status()).isEqualTo(JobStatus.DRAFT);
    }

    @Test
    void anImportWithABrokenPolicyTableIsRefusedWithTheFieldNamed() {
        var doc = new HashMap<String, Object>(Map.of("format", 1, "templateType", "TimeWindowAggregation",
                "config", Map.of("policies", List.of(Map.of("modelId", "m")))));
        assertThatThrownBy(() -> service.importJob("o1", doc, "x"))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("policies[0]");
        assertThat(jobs).isEmpty();
    }

    @Test
    void aJobReadingAnotherJobsOutputIsChainedBehindIt() {
        StreamJob a = service.create("o1", "a", "TimeWindowAggregation", average("p", "q"));
        StreamJob b = service.create("o1", "b", "TimeWindowAggregation", average("q", "r"));
        service.release("o1", a.pipelineId());
        service.release("o1", b.pipelineId());

        assertThat(service.chain("o1", a.pipelineId()).downstream()).containsExactly(b.pipelineId());
        assertThat(service.chain("o1", b.pipelineId()).upstream()).containsExactly(a.pipelineId());
    }

    @Test
    void aReleaseThatWouldCloseALoopIsRefusedAndNamesTheJobsOfTheLoop() {
        StreamJob a = service.create("o1", "a", "TimeWindowAggregation", average("p", "q"));
        StreamJob b = service.create("o1", "b", "TimeWindowAggregation", average("q", "r"));
        StreamJob c = service.create("o1", "c", "TimeWindowAggregation", average("r", "p"));
        service.release("o1", a.pipelineId());
        service.release("o1", b.pipelineId());

        assertThatThrownBy(() -> service.release("o1", c.pipelineId()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.STREAM_CHAIN_LOOP))
                .hasMessageContaining("c (" + c.pipelineId() + ") → a (" + a.pipelineId() + ") → b ("
                        + b.pipelineId() + ") → c");
        assertThat(service.get("o1", c.pipelineId()).status()).isEqualTo(JobStatus.DRAFT);
        assertThat(service.versions("o1", c.pipelineId())).isEmpty();
    }

    @Test
    void anotherOrganizationsJobsNeverCloseALoop() {
        StreamJob other = service.create("o2", "a", "TimeWindowAggregation", average("p", "q"));
        service.release("o2", other.pipelineId());
        StreamJob back = service.create("o1", "back", "TimeWindowAggregation", average("q", "p"));
        service.release("o1", back.pipelineId());
        assertThat(service.get("o1", back.pipelineId()).status()).isEqualTo(JobStatus.PUBLISHED);
    }

    private static final class IdleEngine implements StreamEngine {
        public void start(StreamJob job, JobSpec spec, boolean resume) {
        }

        public void pause(String id) {
        }

        public void stop(String id) {
        }

        public RuntimeState state(String id) {
            return RuntimeState.notRunning();
        }

        public Map<Integer, PartitionLag> offsets(String id) {
            return Map.of();
        }

        public void resetOffsets(String id) {
        }

        public void close() {
        }
    }
}
