package org.openenos.streaming.flink;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.streaming.StreamJob;

/**
 * Prometheus metrics per job, tagged with pipeline and organization: {@code openenos_stream_job_running} (1 while
 * the engine runs it), records in and out, errors, late values dropped, and the lag in log records.
 */
final class JobMetrics {
    private final MeterRegistry registry;
    private final FlinkStreamEngine engine;
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

    JobMetrics(MeterRegistry registry, FlinkStreamEngine engine) {
        this.registry = registry;
        this.engine = engine;
    }

    void track(StreamJob job) {
        String id = job.pipelineId();
        if (registry == null || meters.containsKey(id)) {
            return;
        }
        JobCounters c = EngineResources.counters(id);
        Tags tags = Tags.of("pipeline", id, "org", job.orgId(), "template", job.templateType().name());
        var list = new ArrayList<Meter>();
        list.add(Gauge.builder("openenos.stream.job.running", engine,
                e -> "RUNNING".equals(e.state(id).phase()) ? 1 : 0).tags(tags)
                .description("1 while the engine runs the job").register(registry));
        list.add(FunctionCounter.builder("openenos.stream.job.records.in", c, x -> x.recordsIn.get()).tags(tags)
                .description("input values the job selected").register(registry));
        list.add(FunctionCounter.builder("openenos.stream.job.records.out", c, x -> x.recordsOut.get()).tags(tags)
                .description("values the job wrote").register(registry));
        list.add(FunctionCounter.builder("openenos.stream.job.errors", c, x -> x.errors.get()).tags(tags)
                .description("evaluations that failed").register(registry));
        list.add(FunctionCounter.builder("openenos.stream.job.late.dropped", c, x -> x.lateDropped.get()).tags(tags)
                .description("values later than the allowed lateness").register(registry));
        list.add(Gauge.builder("openenos.stream.job.lag", engine, e -> e.lag(id)).tags(tags)
                .description("log records not yet read by the job").register(registry));
        meters.put(id, list);
    }

    void untrack(String pipelineId) {
        List<Meter> list = meters.remove(pipelineId);
        if (list != null && registry != null) {
            list.forEach(registry::remove);
        }
    }
}
