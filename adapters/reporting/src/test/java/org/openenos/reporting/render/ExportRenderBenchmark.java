package org.openenos.reporting.render;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.openenos.model.MeasurePointValue;
import org.openenos.reporting.ExportDefinition;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.ExportRun;
import org.openenos.reporting.ExportRunner;
import org.openenos.reporting.LocalReportFiles;
import org.openenos.reporting.RelativePeriod;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * Renders a raw export of {@code series} series × one value per second over the 7 days before the run, from a store
 * that generates its values as they are read (so the heap holds only what the renderers keep), and prints the time,
 * file size and peak heap per format. Run with a small heap to show that the exports stream:
 * {@code java -Xmx64m … ExportRenderBenchmark 2 [CSV,PARQUET]} (series, formats; all formats by default).
 */
public final class ExportRenderBenchmark {
    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Path dir = Files.createTempDirectory("openenos-report-bench");
        Clock clock = Clock.fixed(Instant.parse("2026-12-08T00:00:00Z"), ZoneOffset.UTC);
        var runner = new ExportRunner(ExportRunner.Settings.DEFAULTS, new GeneratedStore(), (o, t, b, m) -> List.of(),
                List.of(new CsvRenderer(), new XlsxRenderer(), new PdfReportRenderer(), new ParquetRenderer()),
                new LocalReportFiles(dir.resolve("reports")), null, clock, new SimpleMeterRegistry());
        List<String> assets = new ArrayList<>();
        for (int i = 0; i < series; i++) {
            assets.add("asset" + i);
        }
        List<ExportFormat> formats = args.length > 1
                ? java.util.Arrays.stream(args[1].split(",")).map(ExportFormat::parse).toList()
                : List.of(ExportFormat.values());
        for (ExportFormat format : formats) {
            var d = new ExportDefinition("bench-" + format, "o_bench", "bench", new ExportDefinition.Selection(assets,
                    null, null, null, List.of("power")), ExportDefinition.Values.RAW, null, 0,
                    RelativePeriod.LAST_7_DAYS, "UTC", List.of(format),
                    new ExportDefinition.ReportTemplate("Bench", "asset0", "power"), null, 1, null, null);
            System.gc();
            resetPeaks();
            long start = System.nanoTime();
            ExportRun run = runner.run("o_bench", d, clock.instant());
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("%-7s %,d rows  %,d ms  %,d bytes  peak heap %,d MiB%n", format,
                    series * 7L * 86_400, millis, run.files().getFirst().size(), peakHeap() >> 20);
        }
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** One value per second, {@code sin}-shaped, computed when read; aggregates computed the same way. */
    private static final class GeneratedStore implements TimeSeriesStore {
        private static double valueAt(long t) {
            return Math.round(500 + 400 * Math.sin(t / 3_600_000.0)) / 10.0;
        }

        @Override
        public List<MeasurePointValue> range(SeriesKey s, long from, long to, int limit, boolean descending) {
            List<MeasurePointValue> page = new ArrayList<>(Math.min(limit, 10_000));
            for (long t = (from + 999) / 1000 * 1000; t < to && page.size() < limit; t += 1000) {
                page.add(new MeasurePointValue(s.orgId(), "m", s.assetId(), s.pointId(), t, valueAt(t), null));
            }
            return page;
        }

        @Override
        public List<AggregateBucket> aggregate(SeriesKey s, long from, long to, long interval, AggregateFunction f) {
            List<AggregateBucket> out = new ArrayList<>();
            for (long w = from; w < to; w += interval) {
                double sum = 0;
                double min = Double.MAX_VALUE;
                double max = -Double.MAX_VALUE;
                long n = 0;
                for (long t = (w + 999) / 1000 * 1000; t < Math.min(to, w + interval); t += 1000) {
                    double v = valueAt(t);
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    n++;
                }
                if (n > 0) {
                    out.add(new AggregateBucket(w, switch (f) {
                        case COUNT -> n;
                        case SUM -> sum;
                        case MIN -> min;
                        case MAX -> max;
                        default -> sum / n;
                    }));
                }
            }
            return out;
        }

        @Override
        public void append(List<MeasurePointValue> values, AppendMode mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void forEachLatest(Consumer<MeasurePointValue> sink) {
        }

        @Override
        public void deleteBefore(long time) {
        }

        @Override
        public void close() {
        }
    }
}
