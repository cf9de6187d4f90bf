package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a rule preview costs, run by hand (docs/benchmarks.md; not part of the suite): {@code openenos.bench.assets}
 * (5) assets with a day of one-second temperatures each (86,400 samples, a sine crossing the threshold 24 times a
 * day), previewed over the API; median and worst of {@code openenos.bench.runs} (5) after one warm-up.
 */
class RulePreviewBenchmark extends ServerTestBase {
    private static final long DAY = 86_400_000L;

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    TimeSeriesModule timeSeries;

    @Test
    void aDayOfOneSecondSamplesPerAssetIsReplayed() throws Exception {
        int assets = Integer.getInteger("openenos.bench.assets", 5);
        int runs = Integer.getInteger("openenos.bench.runs", 5);
        Tenant t = newTenant();
        String modelId = null;
        long start = System.currentTimeMillis() / 1000 * 1000 - DAY;
        for (int a = 0; a < assets; a++) {
            TsdbSite site = TsdbSite.create(t, "bench-" + a + "-" + UUID.randomUUID().toString().substring(0, 6));
            modelId = "site_" + site.deviceKey().replace('-', '_');
            List<MeasurePointValue> batch = new ArrayList<>();
            for (int s = 0; s < 86_400; s++) {
                double temp = 50 + 10 * Math.sin(2 * Math.PI * s / 7_200.0);
                batch.add(new MeasurePointValue(t.orgId(), modelId, site.assetId(), "temp", start + s * 1000L, temp,
                        null));
                if (batch.size() == 10_000) {
                    ingest.ingest(batch).get();
                    batch = new ArrayList<>();
                }
            }
            ingest.ingest(batch).get();
        }
        assertThat(timeSeries.awaitStored(Duration.ofMinutes(5))).isTrue();
        // every asset has its own model here: preview the last one's, so one asset is replayed per run
        Map<String, Object> rule = Map.of("modelId", modelId, "measurepointId", "temp", "condition", "${temp} > 55",
                "recoveryCondition", "${temp} < 50", "severityId", "warning", "scope", List.of(Map.of("treeId", "all")));
        long[] ms = new long[runs];
        ApiClient.Response last = null;
        for (int i = -1; i < runs; i++) {
            long t0 = System.nanoTime();
            last = t.app().post("/event-service/v2.1/alert-rules", Map.of("action", "preview", "orgId", t.orgId()),
                    Map.of("rule", rule, "startTime", start, "endTime", start + DAY));
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
            }
        }
        assertThat(last.ok()).as(last.toString()).isTrue();
        Arrays.sort(ms);
        System.out.printf("rule preview: %d samples, %d alerts, median %d ms, worst %d ms%n",
                last.data().path("sampleCount").asLong(), last.data().path("alertCount").asInt(), ms[runs / 2],
                ms[runs - 1]);
    }
}
