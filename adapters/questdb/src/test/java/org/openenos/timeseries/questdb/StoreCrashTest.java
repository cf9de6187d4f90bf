package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.timeseries.SeriesKey;

/**
 * With a table sync interval set, the store syncs a batch's write-ahead log commit, not its apply to the table (the
 * table is synced every few seconds, ADR 0062): a process killed with SIGKILL still keeps every batch {@code append}
 * returned for.
 */
class StoreCrashTest {
    @TempDir
    Path dir;

    @Test
    void everyBatchWhoseAppendReturnedIsStoredAfterSigkill() throws Exception {
        long lastStored = runChildAndKill("append", "STORED", 50);
        try (var store = QuestDbTimeSeriesStore.open(dir)) {
            for (int p = 0; p < StoreUntilKilled.POINTS; p += 7) {
                var values = store.range(new SeriesKey("o1", "a1", "p" + p), StoreUntilKilled.T0,
                        StoreUntilKilled.T0 + 10_000_000L, 100_000, false);
                assertThat(values.size()).as("values of p%d", p).isGreaterThan((int) lastStored);
                for (int i = 0; i < values.size(); i++) {
                    assertThat(values.get(i).value()).as("value %d of p%d", i, p).isEqualTo((double) i);
                }
            }
        }
    }

    @Test
    void aBatchAppliedWithoutATableSyncIsStoredAfterSigkill() throws Exception {
        // the child is killed well within the table's sync interval: only the write-ahead log was synced
        runChildAndKill("one", "STORED", 1);
        try (var store = QuestDbTimeSeriesStore.open(dir)) {
            for (int p = 0; p < StoreUntilKilled.POINTS; p++) {
                assertThat(store.range(new SeriesKey("o1", "a1", "p" + p), StoreUntilKilled.T0,
                        StoreUntilKilled.T0 + 1, 10, false)).as("p%d", p).singleElement()
                        .satisfies(v -> assertThat(v.value()).isEqualTo(0.0));
            }
        }
    }

    /** Starts the child in {@code mode}, SIGKILLs it after {@code lines} lines starting with {@code word}. */
    private long runChildAndKill(String mode, String word, int lines) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), StoreUntilKilled.class.getName(), mode, dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long last = -1;
        int seen = 0;
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (seen < lines && (line = out.readLine()) != null) {
                if (line.startsWith(word)) {
                    seen++;
                    String[] f = line.split(" ");
                    last = f.length > 1 ? Long.parseLong(f[1]) : last;
                }
            }
            // destroyForcibly is SIGKILL on Unix: no shutdown hook, no flush, no close.
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).as("lines from the child before the kill").isEqualTo(lines);
        return last;
    }
}
