package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConfig;
import org.openenos.testkit.StallingTimeSeriesStore;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.TimeSeriesConfig;
import org.openenos.timeseries.TimeSeriesModule;
import org.openenos.timeseries.TimeSeriesStore;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The telemetry health indicator and lag metrics over a real log, with a store that stalls or fails. */
class TelemetryHealthTest {
    @TempDir
    Path dir;

    private static OpenEnosProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("openenos", OpenEnosProperties.class);
    }

    private TimeSeriesModule start(TimeSeriesStore store) {
        return TimeSeriesModule.start(dir, TimeSeriesConfig.DEFAULTS.withBus(BusConfig.DEFAULTS.withPartitions(2)),
                store, AssetTimezones.UTC, PointSignalTypes.UNKNOWN);
    }

    private static void ingest(TimeSeriesModule module, int records) {
        for (int i = 0; i < records; i++) {
            module.ingest().ingest(List.of(new MeasurePointValue("o1", "m1", "a" + i, "p", 1_000L * i, 1.0 * i,
                    null))).join();
        }
    }

    @Test
    void theLagBoundsAreSettingsWithDocumentedDefaults() {
        var backPressure = new OpenEnosProperties.BackPressure(true, 100_000, 50_000, Duration.ofSeconds(2),
                Duration.ofMillis(500));
        assertThat(bind(Map.of()).telemetry()).isEqualTo(new OpenEnosProperties.Telemetry(1_000_000,
                Duration.ofMinutes(5), backPressure));
        assertThat(bind(Map.of("openenos.telemetry.max-lag-records", "10", "openenos.telemetry.max-lag-age", "30s"))
                .telemetry()).isEqualTo(new OpenEnosProperties.Telemetry(10, Duration.ofSeconds(30), backPressure));
        assertThat(bind(Map.of("openenos.telemetry.back-pressure.enabled", "false")).telemetry().backPressure()
                .limits()).isEqualTo(org.openenos.timeseries.BackPressure.OFF);
    }

    @Test
    void aStageFallingBehindIsOutOfServiceAndTheMetricsShowItsLag() throws Exception {
        var store = new StallingTimeSeriesStore();
        try (var module = start(store)) {
            var health = new TelemetryObservability(module, bind(Map.of("openenos.telemetry.max-lag-records", "5",
                    "openenos.telemetry.max-lag-age", "1h")));
            var meters = new SimpleMeterRegistry();
            health.bindTo(meters);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            ingest(module, 8);
            Thread.sleep(300);
            Health h = health.health();
            assertThat(h.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(h.getDetails().get("reason").toString()).contains("records behind").contains("bound 5");
            assertThat(meters.get("openenos.telemetry.backlog.records").gauge().value()).isGreaterThan(5);
            assertThat(meters.get("openenos.telemetry.backlog.age.seconds").gauge().value()).isGreaterThan(0.2);

            store.released.countDown();
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(meters.get("openenos.telemetry.backlog.age.seconds").gauge().value()).isZero();
        }
    }

    @Test
    void aStageWhoseStoreFailsIsDownWithTheReason() throws Exception {
        var store = new StallingTimeSeriesStore();
        store.down = true;
        store.released.countDown();
        try (var module = start(store)) {
            var health = new TelemetryObservability(module, bind(Map.of()));
            var meters = new SimpleMeterRegistry();
            health.bindTo(meters);
            ingest(module, 1);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (health.health().getStatus() != Status.DOWN && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Health h = health.health();
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails().get("reason").toString()).contains("No space left on device");
            assertThat(meters.get("openenos.telemetry.stage.up").gauge().value()).isZero();

            store.down = false;
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(module.deadLetters().readAll()).isEmpty();
        }
    }

    @Test
    void whileTheStoreLagsPastTheBoundDeviceAcknowledgementsAreHeldAndTheMetricsSaySo() throws Exception {
        var store = new StallingTimeSeriesStore();
        try (var module = start(store)) {
            var props = bind(Map.of("openenos.telemetry.back-pressure.pause-at-records", "3",
                    "openenos.telemetry.back-pressure.resume-at-records", "1"));
            var devices = module.deviceIngest(props.telemetry().backPressure().limits());
            var health = new TelemetryObservability(module, props);
            var meters = new SimpleMeterRegistry();
            health.bindTo(meters);
            ingest(module, 5); // the store stalls: five records behind

            var held = devices.ingest(List.of(new MeasurePointValue("o1", "m1", "a9", "p", 9_000L, 9.0, null)));
            Thread.sleep(300);
            assertThat(held).as("durable, but not acknowledged while the store lags").isNotDone();
            assertThat(meters.get("openenos.telemetry.backpressure.active").gauge().value()).isEqualTo(1);
            assertThat(meters.get("openenos.telemetry.backpressure.held").gauge().value()).isEqualTo(1);
            assertThat(meters.get("openenos.telemetry.backpressure.pauses").functionCounter().count()).isEqualTo(1);
            assertThat(health.health().getDetails()).containsEntry("backPressure", true);

            store.released.countDown();
            held.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(meters.get("openenos.telemetry.backpressure.active").gauge().value()).isZero();
            assertThat(meters.get("openenos.telemetry.backpressure.paused.seconds").functionCounter().count())
                    .isGreaterThan(0.2);
        }
    }
}
