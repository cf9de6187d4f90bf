package org.openenos.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.SignalType;
import org.openenos.timeseries.LatestValueCache;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;
import org.openenos.timeseries.TsdbAggregateQuery;
import org.openenos.timeseries.TsdbCurrentDayQuery;
import org.openenos.timeseries.TsdbDurationQuery;
import org.openenos.timeseries.TsdbQuery;
import org.openenos.timeseries.TsdbQueryService;
import org.openenos.timeseries.TsdbResult;
import org.openenos.timeseries.questdb.QuestDbTimeSeriesStore;

/**
 * Latency of the DI and energy queries on the embedded store, run by hand (see docs/benchmarks.md): one asset in
 * Europe/Berlin with a meter and a DI state reported every second for {@code days} days (the state flips every
 * 5 minutes), plus the cost of storing a resumed batch that repeats stored values. Arguments: days, runs.
 */
public final class TsdbStateEnergyBenchmark {
    static final long T0 = Instant.parse("2024-03-01T00:00:00+01:00").toEpochMilli();
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory("openenos-state-energy-bench");
        try (var store = QuestDbTimeSeriesStore.open(dir.resolve("db"))) {
            long seconds = days * 86_400L;
            long start = System.nanoTime();
            for (long s = 0; s < seconds; s += 50_000) {
                store.append(values(s, Math.min(50_000, seconds - s)), AppendMode.NEW);
            }
            System.out.printf("wrote %,d points in %.1f s%n", seconds * 2, (System.nanoTime() - start) / 1e9);
            long now = T0 + seconds * 1000;
            var service = new TsdbQueryService(store, new LatestValueCache(dir.resolve("tombstones")),
                    (org, asset) -> BERLIN, (org, asset, point) -> Optional.of(Map.of("meter", SignalType.PI,
                    "state", SignalType.DI).get(point)), Clock.fixed(Instant.ofEpochMilli(now - 1), ZoneOffset.UTC));
            String from = "2024-03-01 00:00:00", oneDay = "2024-03-02 00:00:00";
            String all = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                    .format(Instant.ofEpochMilli(now).atZone(BERLIN));
            time("di, 1 day (86,400 rows → 289 changes)", runs, () -> service.di(raw("state", from, oneDay)));
            time("di/duration, 1 day (86,400 rows)", runs, () -> service.diDuration(duration(from, oneDay)));
            time("di/duration, " + days + " days", runs, () -> service.diDuration(duration(from, all)));
            time("electric-power hourly sums, 1 day", runs, () -> service.electricPower(energy(60, from, oneDay)));
            time("electric-power daily sums, " + days + " days", runs,
                    () -> service.electricPower(energy(1440, from, all)));
            time("electric-power/current-day", runs, () -> service.electricPowerCurrentDay(
                    new TsdbCurrentDayQuery("o1", List.of("site"), List.of("meter"), false, 0, 0)));
            var resumed = values(seconds - 10_000, 10_000);
            time("append 10,000 resumed values already stored (MAY_REPEAT)", runs, () -> {
                store.append(resumed, AppendMode.MAY_REPEAT);
                return null;
            });
        }
    }

    private static TsdbQuery raw(String point, String from, String to) {
        return new TsdbQuery("o1", null, List.of("site"), List.of(point), from, to, 100_000, null, false, false, 0,
                0);
    }

    private static TsdbDurationQuery duration(String from, String to) {
        return new TsdbDurationQuery("o1", List.of("site"), List.of("state"), from, to, List.of(), true);
    }

    private static TsdbAggregateQuery energy(int interval, String from, String to) {
        return new TsdbAggregateQuery("o1", List.of("site"), "sum(meter)", interval, from, to, 1000, false, 0, 0);
    }

    private static void time(String what, int runs, Supplier<?> query) {
        Object first = query.get();
        String size = first instanceof TsdbResult r ? r.items().size() + " items" : "";
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            query.get();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("%s: %s median %.1f ms, p90 %.1f ms (%d runs)%n", what, size, nanos[runs / 2] / 1e6,
                nanos[(int) (runs * 0.9)] / 1e6, runs);
    }

    private static List<MeasurePointValue> values(long fromSecond, long count) {
        var values = new ArrayList<MeasurePointValue>((int) count * 2);
        for (long s = fromSecond; s < fromSecond + count; s++) {
            long time = T0 + s * 1000;
            values.add(new MeasurePointValue("o1", "m1", "site", "meter", time, 1000 + s * 0.01, null));
            values.add(new MeasurePointValue("o1", "m1", "site", "state", time, (s / 300) % 2, null));
        }
        return values;
    }

    private TsdbStateEnergyBenchmark() {
    }
}
