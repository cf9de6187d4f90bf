package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesConfig;
import org.openenos.timeseries.TimeSeriesModule;
import org.openenos.timeseries.TsdbLatestQuery;

/** Acknowledged means durable: a process killed with SIGKILL mid-ingest loses and duplicates nothing it acknowledged. */
class CrashDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedValueIsStoredExactlyOnceAfterSigkill() throws Exception {
        Map<Integer, Long> acked = ingestInChildAndKill(3_000);
        // Twice: the first restart replays, the second must find nothing more to add.
        for (int restart = 0; restart < 2; restart++) {
            try (TimeSeriesModule module = EmbeddedTimeSeries.start(dir, TimeSeriesConfig.DEFAULTS,
                    AssetTimezones.UTC, PointSignalTypes.UNKNOWN)) {
                assertThat(module.awaitStored(Duration.ofSeconds(60))).isTrue();
                for (var entry : acked.entrySet()) {
                    assertSeriesComplete(module, entry.getKey(), entry.getValue());
                }
            }
        }
    }

    private static void assertSeriesComplete(TimeSeriesModule module, int thread, long lastAcked) {
        for (int p = 0; p < IngestUntilKilled.POINTS; p++) {
            var key = new SeriesKey("o1", "asset-" + thread, "p" + p);
            List<MeasurePointValue> values = module.store().range(key, IngestUntilKilled.T0,
                    IngestUntilKilled.T0 + 100_000_000L, 1_000_000, false);
            // Each thread acknowledges in sequence, so 0..lastAcked must all be there; later ones may be too.
            assertThat(values.size()).as("values of %s", key).isGreaterThan((int) lastAcked);
            for (int i = 0; i < values.size(); i++) {
                assertThat(values.get(i).value()).as("value %d of %s", i, key).isEqualTo((double) i);
            }
            var latest = module.queries().latest(new TsdbLatestQuery("o1", List.of(key.assetId()),
                    List.of(key.pointId()), null, false)).items();
            assertThat(latest).singleElement()
                    .satisfies(item -> assertThat(item).containsEntry("value", (double) (values.size() - 1)));
        }
    }

    /** Runs {@link IngestUntilKilled} until it acknowledged {@code acks} batches, SIGKILLs it, returns last acks. */
    private Map<Integer, Long> ingestInChildAndKill(int acks) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), IngestUntilKilled.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var acked = new HashMap<Integer, Long>();
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            int seen = 0;
            String line;
            while (seen < acks && (line = out.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length == 3 && f[0].equals("ACK")) {
                    acked.merge(Integer.parseInt(f[1]), Long.parseLong(f[2]), Math::max);
                    seen++;
                }
            }
            // destroyForcibly is SIGKILL on Unix: no shutdown hook, no flush, no close.
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).as("acknowledgements before the kill").isEqualTo(acks);
        }
        return acked;
    }
}
