package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesConfig;

class PipelineTest {
    @TempDir
    Path dir;

    @Test
    void ingestedValuesReachTheStoreTheLatestValuesAndSubscribers() throws Exception {
        var received = new CopyOnWriteArrayList<MeasurePointValue>();
        var value = new MeasurePointValue("o1", "m1", "a1", "temp", 1_700_000_000_000L, 21.5, null);
        try (var module = EmbeddedTimeSeries.start(dir, TimeSeriesConfig.DEFAULTS, AssetTimezones.UTC,
                PointSignalTypes.UNKNOWN); var subscription = module.subscriptions().subscribe(received::addAll)) {
            module.ingest().ingest(List.of(value)).join();
            assertThat(module.awaitStored(Duration.ofSeconds(10))).isTrue();
            assertThat(received).containsExactly(value);
            assertThat(module.store().range(new SeriesKey("o1", "a1", "temp"), 0, Long.MAX_VALUE / 1000, 10, false))
                    .extracting(MeasurePointValue::value).containsExactly(21.5);
        }
        // After a clean restart nothing is replayed twice and the latest value is back.
        try (var module = EmbeddedTimeSeries.start(dir, TimeSeriesConfig.DEFAULTS, AssetTimezones.UTC,
                PointSignalTypes.UNKNOWN)) {
            assertThat(module.awaitStored(Duration.ofSeconds(10))).isTrue();
            assertThat(module.store().range(new SeriesKey("o1", "a1", "temp"), 0, Long.MAX_VALUE / 1000, 10, false))
                    .hasSize(1);
            assertThat(module.queries().latest(new org.openenos.timeseries.TsdbLatestQuery("o1", List.of("a1"),
                    List.of("temp"), null, false)).items()).singleElement()
                    .satisfies(i -> assertThat(i).containsEntry("value", 21.5));
        }
    }
}
