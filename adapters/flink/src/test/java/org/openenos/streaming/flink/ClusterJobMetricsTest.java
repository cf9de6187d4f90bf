package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openenos.streaming.JobStatus;
import org.openenos.streaming.StreamEngine.RuntimeState;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;

class ClusterJobMetricsTest {
    private static final StreamJob JOB = new StreamJob("p1", "o1", "calc", TemplateType.MultiPointMerge, Map.of(),
            Map.of(), 1, 1, JobStatus.RUNNING, null, Instant.now(), Instant.now());

    @Test
    void aJobOnTheClusterHasTheEmbeddedEnginesMetricsAndOneScrapeAsksTheClusterOnce() {
        var registry = new SimpleMeterRegistry();
        var asked = new AtomicInteger();
        var metrics = new ClusterJobMetrics(registry, id -> {
            asked.incrementAndGet();
            return new RuntimeState("RUNNING", null, 120, 40, 0, 7);
        });
        metrics.track(JOB);

        assertThat(registry.get("openenos.stream.job.running").tag("pipeline", "p1").gauge().value()).isEqualTo(1);
        assertThat(registry.get("openenos.stream.job.records.in").tag("org", "o1").functionCounter().count())
                .isEqualTo(120);
        assertThat(registry.get("openenos.stream.job.records.out").functionCounter().count()).isEqualTo(40);
        assertThat(registry.get("openenos.stream.job.lag").gauge().value()).isEqualTo(7);
        assertThat(asked).hasValue(1);

        metrics.untrack("p1");
        assertThat(registry.find("openenos.stream.job.running").gauges()).isEmpty();
    }
}
