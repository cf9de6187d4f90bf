package org.openenos.parquet;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A compacted day written by the platform instead of the engine ({@link SeriesDayFile}, ADR 0134), run by hand
 * (docs/benchmarks.md): the same 10-s sensor data as the QuestDB {@code CompactionBenchmark} (random walks with 2
 * decimals, same seed), one file sorted by series, then time. Prints bytes per point and the time (wall clock and
 * the reading thread's CPU) to read one series' day, checking every value read against what was written.
 * Arguments: assets (10 points each), directory. {@code -DfullDoubles=true} adds noise in every bit of the values,
 * so no series fits a decimal scale; {@code -DwarmUp=N} reads N times before the 20 measured reads.
 */
public final class SeriesOrderedDayBenchmark {
    private static final int STEPS = 8_640;
    private static final long DAY = 1_704_067_200_000L;

    public static void main(String[] args) throws Exception {
        int assets = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("openenos-series-day");
        int series = assets * 10;
        double[][] values = generate(series, Boolean.getBoolean("fullDoubles"));
        Path file = dir.resolve("day.parquet");
        long start = System.nanoTime();
        List<SeriesDayFile.Series> day = new ArrayList<>();
        long[] times = new long[STEPS];
        Arrays.setAll(times, i -> DAY + i * 10_000L);
        for (int s = 0; s < series; s++) {
            day.add(new SeriesDayFile.Series("o1", "asset-" + s / 10, "p" + s % 10, times, new byte[STEPS], values[s],
                    new String[STEPS], new Integer[STEPS]));
        }
        SeriesDayFile.write(file, day);
        long bytes = Files.size(file);
        System.out.printf("wrote %,d points of %,d series in %.1f s: %,d B = %.3f B/point%n", (long) series * STEPS,
                series, (System.nanoTime() - start) / 1e9, bytes, bytes / ((double) series * STEPS));
        long[] nanos = new long[20];
        long[] cpu = new long[20];
        var threads = ManagementFactory.getThreadMXBean();
        int warmUp = Integer.getInteger("warmUp", 10);
        for (int i = 0; i < nanos.length + warmUp; i++) {
            int s = (i * 37) % series;
            long t = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            var read = SeriesDayFile.read(file, "o1", "asset-" + s / 10, "p" + s % 10, DAY, DAY + 86_400_000L);
            long took = System.nanoTime() - t;
            long tookCpu = threads.getCurrentThreadCpuTime() - c;
            double[] nums = read.stream().mapToDouble(SeriesDayFile.Value::num).toArray();
            if (!Arrays.equals(nums, values[s])) {
                throw new IllegalStateException("series " + s + " did not read back exactly");
            }
            if (i >= warmUp) {
                nanos[i - warmUp] = took;
                cpu[i - warmUp] = tookCpu;
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        System.out.printf("one series, one day (8,640 values): median %.2f ms, max %.2f ms; CPU median %.2f ms%n",
                nanos[10] / 1e6, nanos[19] / 1e6, cpu[10] / 1e6);
    }

    /** The values of the QuestDB benchmark: generated in time order with the same seed, kept by series. */
    static double[][] generate(int series, boolean fullDoubles) {
        var random = new Random(42);
        double[] walk = new double[series];
        for (int s = 0; s < series; s++) {
            walk[s] = 20 + random.nextInt(60);
        }
        double[][] values = new double[series][STEPS];
        for (int step = 0; step < STEPS; step++) {
            for (int s = 0; s < series; s++) {
                walk[s] = Math.round((walk[s] + random.nextGaussian() * 0.05) * 100) / 100.0;
                values[s][step] = fullDoubles ? walk[s] + random.nextDouble() * 1e-3 : walk[s];
            }
        }
        return values;
    }

    private SeriesOrderedDayBenchmark() {
    }
}
