package org.openenos.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesDayFileTest {
    static final long DAY = 1_704_067_200_000L;

    @TempDir
    Path dir;

    @Test
    void everyValueOfEverySeriesReadsBackBitForBitWhetherDecimalDoubleOrText() throws Exception {
        int n = 20_000; // several pages per series
        var decimals = series("asset-1", "temp", n, i -> Math.round(2000 + Math.sin(i / 50.0) * 500) / 100.0);
        var doubles = series("asset-1", "flow", n, i -> i == 0 ? -0.0 : i == 1 ? 0.1 + 0.2 : Math.PI * i);
        var texts = series("asset-0", "state", n, i -> Double.NaN);
        for (int i = 0; i < n; i++) {
            texts.kinds()[i] = 3;
            texts.texts()[i] = i % 2 == 0 ? "open" : "closed é";
            texts.qualities()[i] = i % 3 == 0 ? null : 192;
        }
        Path file = dir.resolve("day.parquet");
        SeriesDayFile.write(file, List.of(decimals, doubles, texts));

        for (var s : List.of(decimals, doubles, texts)) {
            List<SeriesDayFile.Value> read = SeriesDayFile.read(file, "o1", s.asset(), s.point(), Long.MIN_VALUE,
                    Long.MAX_VALUE);
            assertThat(read).hasSize(n);
            for (int i = 0; i < n; i++) {
                var v = read.get(i);
                assertThat(v.time()).isEqualTo(s.times()[i]);
                assertThat(v.kind()).isEqualTo(s.kinds()[i]);
                assertThat(Double.doubleToRawLongBits(v.num())).as(s.point() + " value " + i)
                        .isEqualTo(Double.doubleToRawLongBits(s.nums()[i]));
                assertThat(v.text()).isEqualTo(s.texts()[i]);
                assertThat(v.quality()).isEqualTo(s.qualities()[i]);
            }
        }
        assertThat(SeriesDayFile.decimalScale(decimals.nums())).isEqualTo(2);
        assertThat(SeriesDayFile.decimalScale(doubles.nums())).isEqualTo(-1);
    }

    @Test
    void aTimeRangeReadsOnlyItsValuesAndAnUnknownSeriesReadsNone() throws Exception {
        var s = series("asset-7", "temp", 8_640, i -> i / 4.0);
        Path file = dir.resolve("day.parquet");
        SeriesDayFile.write(file, List.of(s));

        var hour = SeriesDayFile.read(file, "o1", "asset-7", "temp", DAY + 3_600_000L, DAY + 7_200_000L);
        assertThat(hour).hasSize(360);
        assertThat(hour.getFirst().time()).isEqualTo(DAY + 3_600_000L);
        assertThat(hour.getFirst().num()).isEqualTo(90.0);
        assertThat(SeriesDayFile.read(file, "o2", "asset-7", "temp", DAY, DAY + 86_400_000L)).isEmpty();
    }

    @Test
    void regularTenSecondSensorDataTakesUnderTwoBytesPerPoint() throws Exception {
        var random = new Random(42);
        List<SeriesDayFile.Series> day = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            double[] walk = {20 + random.nextInt(60)};
            day.add(series("asset-" + s / 10, "p" + s % 10, 8_640,
                    i -> walk[0] = Math.round((walk[0] + random.nextGaussian() * 0.05) * 100) / 100.0));
        }
        Path file = dir.resolve("day.parquet");
        SeriesDayFile.write(file, day);

        assertThat(Files.size(file) / (20 * 8_640.0)).isLessThan(2.0);
        assertThat(SeriesDayFile.read(file, "o1", "asset-1", "p4", DAY, DAY + 86_400_000L))
                .extracting(SeriesDayFile.Value::num)
                .containsExactly(Arrays.stream(day.get(14).nums()).boxed().toArray(Double[]::new));
    }

    @Test
    void aFileWrittenSeriesBySeriesInSeveralRowGroupsReadsBackWholeAndKeepsEachSeriesNewestValue() throws Exception {
        var random = new Random(7);
        List<SeriesDayFile.Series> day = new ArrayList<>();
        for (int s = 0; s < 40; s++) { // 40 × 86,400 noisy doubles: more than one row group
            day.add(series("asset-" + (39 - s) / 4, "p" + s % 4, 86_400, i -> random.nextDouble()));
        }
        var text = series("asset-x", "state", 3, i -> Double.NaN);
        text.texts()[2] = "a\tb\nc\\d";
        text.qualities()[2] = 192;
        day.add(text);
        Path file = dir.resolve("day.parquet");
        try (var writer = new SeriesDayFile.Writer(file)) { // in the order given, not sorted
            for (var s : day) {
                writer.add(s);
            }
        }
        var read = new ArrayList<SeriesDayFile.Series>();
        SeriesDayFile.forEachSeries(file, read::add);

        assertThat(read).hasSize(day.size());
        for (int s = 0; s < day.size(); s++) {
            assertThat(read.get(s).asset()).isEqualTo(day.get(s).asset());
            assertThat(read.get(s).point()).isEqualTo(day.get(s).point());
            assertThat(read.get(s).times()).isEqualTo(day.get(s).times());
            assertThat(read.get(s).nums()).isEqualTo(day.get(s).nums());
            assertThat(read.get(s).texts()).isEqualTo(day.get(s).texts());
        }
        assertThat(SeriesDayFile.read(file, "o1", "asset-3", "p2", Long.MIN_VALUE, Long.MAX_VALUE))
                .extracting(SeriesDayFile.Value::num).containsExactly(
                        Arrays.stream(day.get(26).nums()).boxed().toArray(Double[]::new));
        var latest = SeriesDayFile.latest(file);
        assertThat(latest).hasSize(day.size());
        assertThat(latest.getLast().value()).isEqualTo(new SeriesDayFile.Value(DAY + 20_000, (byte) 0, Double.NaN,
                "a\tb\nc\\d", 192));
        assertThat(latest.getFirst().value().num()).isEqualTo(day.getFirst().nums()[86_399]);
    }

    @Test
    void aSeriesGivenTwiceOrOutOfTimeOrderIsRefused() {
        var s = series("asset-1", "temp", 10, i -> i);
        assertThatThrownBy(() -> SeriesDayFile.write(dir.resolve("twice.parquet"), List.of(s, s)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> new SeriesDayFile.Series("o1", "a", "p", new long[] {2, 1}, new byte[2],
                new double[2], new String[2], new Integer[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time order");
    }

    private static SeriesDayFile.Series series(String asset, String point, int n,
                                               java.util.function.IntToDoubleFunction value) {
        long[] times = new long[n];
        double[] nums = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = DAY + i * 10_000L;
            nums[i] = value.applyAsDouble(i);
        }
        return new SeriesDayFile.Series("o1", asset, point, times, new byte[n], nums, new String[n], new Integer[n]);
    }
}
