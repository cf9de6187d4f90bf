package org.openenos.telemetry.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.TelemetryBusProvider;
import org.openenos.testkit.StallingTimeSeriesStore;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.TimeSeriesConfig;
import org.openenos.timeseries.TimeSeriesModule;

/** The storage stage's lag on the Kafka bus: its records and its age, which back-pressure and the metrics read. */
class KafkaStorageLagTest {
    @TempDir
    static Path brokerDir;
    @TempDir
    Path dir;
    private static KafkaTestCluster kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaTestCluster.start(brokerDir, 1);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void aStalledStoreShowsAGrowingAgeOfTheOldestUnstoredRecordAndNoneOnceCaughtUp() throws Exception {
        var store = new StallingTimeSeriesStore();
        var config = KafkaBusConfig.singleBroker(kafka.bootstrapServers(), "telemetry-lag", 2);
        TelemetryBusProvider kafkaBus = (busDir, deadLetterFile) -> {
            var bus = KafkaTelemetryBus.open(config, "lag");
            return new TelemetryBusProvider.OpenedBus(bus, bus.deadLetters());
        };
        try (var module = TimeSeriesModule.start(dir, TimeSeriesConfig.DEFAULTS.withBus(
                BusConfig.DEFAULTS.withPartitions(2)), store, AssetTimezones.UTC, PointSignalTypes.UNKNOWN, kafkaBus)) {
            for (int i = 0; i < 8; i++) {
                module.ingest().ingest(List.of(new MeasurePointValue("o1", "m1", "a" + i, "p", 1_000L * i, 1.0 * i,
                        null))).join();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (module.status().oldestUnstoredAge().compareTo(Duration.ofMillis(500)) < 0) {
                assertThat(System.nanoTime()).as("the lag's age grows while the store stalls").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(module.backlogRecords()).isEqualTo(8);

            store.released.countDown();
            assertThat(module.awaitStored(Duration.ofSeconds(60))).isTrue();
            assertThat(module.status().oldestUnstoredAge()).isZero();
        }
    }
}
