package org.openenos.timeseries.questdb;

import java.nio.file.Path;
import java.util.ArrayList;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConfig;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.TimeSeriesConfig;

/**
 * Child process of the crash test: ingests from several threads without end and prints {@code ACK thread seq} once
 * a batch is acknowledged, until the parent kills it with SIGKILL.
 */
public final class IngestUntilKilled {
    static final int THREADS = 4;
    static final int POINTS = 5;
    static final long T0 = 1_700_000_000_000L;

    public static void main(String[] args) throws Exception {
        var config = TimeSeriesConfig.DEFAULTS.withBus(BusConfig.DEFAULTS.withSegmentBytes(64 * 1024));
        var module = EmbeddedTimeSeries.start(Path.of(args[0]), config, AssetTimezones.UTC, PointSignalTypes.UNKNOWN);
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (long seq = 0; ; seq++) {
                    module.ingest().ingest(batch(thread, seq)).join();
                    synchronized (System.out) {
                        System.out.println("ACK " + thread + " " + seq);
                        System.out.flush();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    static ArrayList<MeasurePointValue> batch(int thread, long seq) {
        var values = new ArrayList<MeasurePointValue>();
        for (int p = 0; p < POINTS; p++) {
            values.add(new MeasurePointValue("o1", "m1", "asset-" + thread, "p" + p, T0 + seq * 1000, (double) seq,
                    null));
        }
        return values;
    }

    private IngestUntilKilled() {
    }

}
