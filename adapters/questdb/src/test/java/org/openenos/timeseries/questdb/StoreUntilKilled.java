package org.openenos.timeseries.questdb;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

/**
 * Child process of {@link StoreCrashTest}, killed with SIGKILL by the parent: appends batches ({@code one DIR}: a
 * single batch, then waits) and prints {@code STORED seq} once {@code append} returned.
 */
public final class StoreUntilKilled {
    static final int POINTS = 50;
    static final long T0 = 1_700_000_000_000L;

    public static void main(String[] args) throws Exception {
        // the periodic table sync, the mode where a killed process depends on the page cache
        var store = QuestDbTimeSeriesStore.open(Path.of(args[1]),
                StoreOptions.DEFAULTS.withTableSyncInterval(Duration.ofSeconds(10)), Clock.systemUTC());
        long batches = args[0].equals("one") ? 1 : Long.MAX_VALUE;
        for (long seq = 0; seq < batches; seq++) {
            store.append(batch(seq), AppendMode.NEW);
            System.out.println("STORED " + seq);
            System.out.flush();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Batch {@code seq}: one value of each of {@link #POINTS} points of asset a1 at second {@code seq}. */
    static List<MeasurePointValue> batch(long seq) {
        var values = new ArrayList<MeasurePointValue>();
        for (int p = 0; p < POINTS; p++) {
            values.add(new MeasurePointValue("o1", "m1", "a1", "p" + p, T0 + seq * 1000, (double) seq, null));
        }
        return values;
    }

    private StoreUntilKilled() {
    }
}
