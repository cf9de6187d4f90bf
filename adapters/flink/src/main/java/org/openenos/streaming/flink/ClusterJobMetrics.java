package org.openenos.streaming.flink;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.openenos.streaming.StreamEngine.RuntimeState;
import org.openenos.streaming.StreamJob;

/**
 * The per-job metrics of the embedded engine ({@code openenos_stream_job_running}, records in and out, lag) for jobs
 * on the session cluster, from the JobManager's REST API and the job's committed Kafka offsets. One answer per job is
 * kept for a few seconds, so that a scrape asks the cluster once per job, not once per meter. Errors and late values
 * are counted inside the TaskManagers and are not reported here (Flink's own metric reporters see the tasks).
 */
final class ClusterJobMetrics {
    private static final long KEEP_NANOS = 5_000_000_000L;

    private record Seen(RuntimeState state, long at) {
    }

    private final MeterRegistry registry;
    private final Function<String, RuntimeState> states;
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    ClusterJobMetrics(MeterRegistry registry, Function<String, RuntimeState> states) {
        this.registry = registry;
        this.states = states;
    }

    void track(StreamJob job) {
        String id = job.pipelineId();
        if (registry == null || meters.containsKey(id)) {
            return;
        }
        Tags tags = Tags.of("pipeline", id, "org", job.orgId(), "template", job.templateType().name());
        meters.put(id, List.of(
                Gauge.builder("openenos.stream.job.running", this, m -> "RUNNING".equals(m.state(id).phase()) ? 1 : 0)
                        .tags(tags).description("1 while the engine runs the job").register(registry),
                FunctionCounter.builder("openenos.stream.job.records.in", this, m -> m.state(id).recordsIn())
                        .tags(tags).description("input values the job selected").register(registry),
                FunctionCounter.builder("openenos.stream.job.records.out", this, m -> m.state(id).recordsOut())
                        .tags(tags).description("values the job wrote").register(registry),
                Gauge.builder("openenos.stream.job.lag", this, m -> m.state(id).lag())
                        .tags(tags).description("log records not yet read by the job").register(registry)));
    }

    void untrack(String pipelineId) {
        List<Meter> list = meters.remove(pipelineId);
        seen.remove(pipelineId);
        if (list != null && registry != null) {
            list.forEach(registry::remove);
        }
    }

    private RuntimeState state(String pipelineId) {
        long now = System.nanoTime();
        Seen last = seen.get(pipelineId);
        if (last == null || now - last.at() > KEEP_NANOS) {
            last = new Seen(states.apply(pipelineId), now);
            seen.put(pipelineId, last);
        }
        return last.state();
    }
}
