package org.openenos.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.openenos.server.ApiClient;
import org.openenos.testkit.FlinkSessionCluster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stream job of a {@link Site}: the sum of each asset's {@code power} over one-minute windows, written to its
 * {@code powerSum} at the window's start. Created, released and started through a node's streaming API, as a user
 * does; on a Flink session cluster when the node runs in streaming cluster mode.
 */
final class WindowJob {
    static final long WINDOW_MILLIS = 60_000;
    private static final String PIPELINES = "/streaming/v2.0/streaming/pipelines";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Site site;
    private final String pipelineId;

    private WindowJob(Site site, String pipelineId) {
        this.site = site;
        this.pipelineId = pipelineId;
    }

    /** Creates, releases and starts the job through {@code nodeBase}; returns once all its tasks run. */
    static WindowJob start(Site site, String nodeBase, Duration timeout) throws InterruptedException {
        ApiClient app = site.app(nodeBase);
        Map<String, String> create = Map.of("action", "create", "orgId", site.orgId());
        var created = app.post(PIPELINES, create, Map.of("pipelineName", "power per minute",
                "templateType", "TimeWindowAggregation", "config", Map.of("latencySeconds", 0, "policies", List.of(
                        Map.of("modelId", site.modelId(), "inputPoint", "power", "aggregation", "sum",
                                "windowMinutes", WINDOW_MILLIS / 60_000, "outputPoint", "powerSum")))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        var job = new WindowJob(site, created.data().path("pipelineId").asString());
        var released = app.post(job.path(), Map.of("action", "release", "orgId", site.orgId()), null);
        assertThat(released.ok()).as(released.toString()).isTrue();
        var started = app.post(job.path(), Map.of("action", "start", "orgId", site.orgId()),
                Map.of("executionMode", 0));
        assertThat(started.ok()).as(started.toString()).isTrue();
        job.awaitPhase(nodeBase, "RUNNING", timeout);
        return job;
    }

    /** Pauses the job through {@code nodeBase}: Flink stops it with a savepoint. */
    void pause(String nodeBase) {
        var paused = site.app(nodeBase).post(path(), Map.of("action", "pause", "orgId", site.orgId()), null);
        assertThat(paused.ok()).as(paused.toString()).isTrue();
        assertThat(paused.data().path("status").asString()).isEqualTo("PAUSED");
    }

    /** Starts the paused job again through {@code nodeBase}, from its savepoint; returns once all its tasks run. */
    void resume(String nodeBase, Duration timeout) throws InterruptedException {
        var started = site.app(nodeBase).post(path(), Map.of("action", "start", "orgId", site.orgId()),
                Map.of("executionMode", 0));
        assertThat(started.ok()).as(started.toString()).isTrue();
        assertThat(started.data().path("status").asString()).isEqualTo("RUNNING");
        awaitPhase(nodeBase, "RUNNING", timeout);
    }

    private String path() {
        return "/streaming/v2.0/streaming/pipeline/" + pipelineId;
    }

    /** The job's runtime phase as {@code nodeBase} reports it (RUNNING once every task runs). */
    String phase(String nodeBase) {
        return site.app(nodeBase).post(path(), Map.of("orgId", site.orgId()), null).data().path("runtime")
                .path("phase").asString();
    }

    void awaitPhase(String nodeBase, String phase, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen;
        while (!(seen = phase(nodeBase)).equals(phase)) {
            assertThat(System.nanoTime()).as("job %s within %s (is %s)", phase, timeout, seen).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * The sum of every window that closed, by window start: a window closes once a value at or after its end came,
     * so the window of the last value stays open. The values are summed in time order, as a device posts them.
     */
    static NavigableMap<Long, Double> closedWindowSums(NavigableMap<Long, Double> valuesByTime) {
        var sums = new TreeMap<Long, Double>();
        if (valuesByTime.isEmpty()) {
            return sums;
        }
        long newest = valuesByTime.lastKey();
        valuesByTime.forEach((time, value) -> {
            long start = Math.floorDiv(time, WINDOW_MILLIS) * WINDOW_MILLIS;
            if (start + WINDOW_MILLIS <= newest) {
                sums.merge(start, value, Double::sum);
            }
        });
        return sums;
    }

    /** The window results stored for {@code asset}, by window start. */
    static NavigableMap<Long, Double> storedResults(Site.Queries on, String asset, long start, long end) {
        var results = new TreeMap<Long, Double>();
        on.raw(asset, "powerSum", start, end).forEach(item -> results.put(item.path("timestamp").asLong(),
                item.path("powerSum").asDouble()));
        return results;
    }

    /**
     * The checkpoint (not savepoint) the job's running Flink job last restored, from the JobManager's REST API; null
     * if none.
     */
    String restoredCheckpoint(FlinkSessionCluster flink) {
        JsonNode restored = checkpoints(flink).path("latest").path("restored");
        return restored.isObject() && !restored.path("is_savepoint").asBoolean()
                ? restored.path("external_path").asString() : null;
    }

    /** Waits until the job's running Flink job has completed a checkpoint. */
    void awaitCompletedCheckpoint(FlinkSessionCluster flink, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (checkpoints(flink).path("counts").path("completed").asInt() == 0) {
            assertThat(System.nanoTime()).as("a completed checkpoint within %s", timeout).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The checkpoint statistics of the job's running Flink job (a missing node while none runs). */
    private JsonNode checkpoints(FlinkSessionCluster flink) {
        for (JsonNode job : JSON.readTree(flink.get("/jobs/overview")).path("jobs")) {
            if (job.path("name").asString().endsWith("(" + pipelineId + ")")
                    && job.path("state").asString().equals("RUNNING")) {
                return JSON.readTree(flink.get("/jobs/" + job.path("jid").asString() + "/checkpoints"));
            }
        }
        return JSON.missingNode();
    }

    /** The job's consumer lag as a node reports it. */
    ApiClient.Response offsetLag(String nodeBase) {
        return site.app(nodeBase).post(path() + "/offset-lag", Map.of("orgId", site.orgId()), null);
    }

    /** The job jar adapters/flink builds in its package phase, which the server nodes upload with the job. */
    static Path jobJar() {
        Path target = Path.of("..", "adapters", "flink", "target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst().orElseThrow(
                    () -> new IllegalStateException("no job jar in " + target + ": package adapters/flink first"));
        } catch (IOException e) {
            throw new IllegalStateException("no job jar in " + target + ": package adapters/flink first", e);
        }
    }
}
