package org.openenos.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.openenos.timeseries.PipelineStatus;
import org.openenos.timeseries.TimeSeriesModule;
import org.openenos.timeseries.questdb.MaintenanceStats;
import org.openenos.timeseries.questdb.QuestDbTimeSeriesStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Metrics and health of the telemetry path: how much the storage stage has stored, how far it lags behind what
 * devices were told is safe (records and age), and what it set aside. Health is DOWN when the stage has stopped or
 * cannot store, OUT_OF_SERVICE when it lags past {@code openenos.telemetry.*} bounds, with the reason.
 */
@Component
public class TelemetryObservability implements MeterBinder, HealthIndicator {
    private final TimeSeriesModule timeSeries;
    private final OpenEnosProperties.Telemetry bounds;

    public TelemetryObservability(TimeSeriesModule timeSeries, OpenEnosProperties props) {
        this.timeSeries = timeSeries;
        this.bounds = props.telemetry();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("openenos.telemetry.stored.records", timeSeries, TimeSeriesModule::storedRecords)
                .description("log records written to the time-series store since start").register(registry);
        Gauge.builder("openenos.telemetry.backlog.records", timeSeries, TimeSeriesModule::backlogRecords)
                .description("acknowledged log records not yet in the time-series store").register(registry);
        gauge(registry, "openenos.telemetry.backlog.age.seconds", s -> s.oldestUnstoredAge().toMillis() / 1000.0,
                "age of the oldest acknowledged log record not yet in the time-series store");
        gauge(registry, "openenos.telemetry.stage.up", s -> s.running() && s.problem() == null ? 1 : 0,
                "1 while the storage stage runs and can store, 0 when it has stopped or the store fails");
        Gauge.builder("openenos.telemetry.backpressure.active", timeSeries, m -> m.backPressure().active() ? 1 : 0)
                .description("1 while device acknowledgements are held because the store lags past "
                        + "openenos.telemetry.back-pressure bounds, else 0").register(registry);
        Gauge.builder("openenos.telemetry.backpressure.held", timeSeries,
                        m -> m.backPressure().heldAcknowledgements())
                .description("durable posts whose acknowledgement waits for the store right now").register(registry);
        FunctionCounter.builder("openenos.telemetry.backpressure.pauses", timeSeries, m -> m.backPressure().pauses())
                .description("times device acknowledgements started being held since start").register(registry);
        FunctionCounter.builder("openenos.telemetry.backpressure.paused.seconds", timeSeries,
                        m -> m.backPressure().pausedFor().toMillis() / 1000.0)
                .description("time device acknowledgements were held since start").register(registry);
        counter(registry, "openenos.telemetry.poison.undecodable.records", PipelineStatus::undecodableRecords,
                "log records that did not decode, set aside in the dead letters");
        counter(registry, "openenos.telemetry.poison.corrupt.regions", PipelineStatus::corruptRegions,
                "damaged stretches of the telemetry log skipped by the storage stage");
        counter(registry, "openenos.telemetry.poison.lost.records", PipelineStatus::lostRecords,
                "log records lost in damaged stretches");
        counter(registry, "openenos.telemetry.poison.refused.values", PipelineStatus::deadLetterValues,
                "values the store or a listener refused, set aside in the dead letters");
        counter(registry, "openenos.telemetry.dead.letters", PipelineStatus::deadLetters,
                "dead letters written since start");
        if (timeSeries.store() instanceof QuestDbTimeSeriesStore store) {
            Gauge.builder("openenos.timeseries.maintenance.passes", store, s -> s.maintenanceStats().passes())
                    .description("completed rollup/compaction passes since start").register(registry);
            Gauge.builder("openenos.timeseries.maintenance.failures", store, s -> s.maintenanceStats().failures())
                    .description("failed rollup/compaction passes since start (retried on the next)")
                    .register(registry);
            Gauge.builder("openenos.timeseries.parquet.converted.partitions", store,
                            s -> s.maintenanceStats().convertedPartitions())
                    .description("rollup partitions converted to Parquet since start").register(registry);
            Gauge.builder("openenos.timeseries.compacted.days", store, s -> s.maintenanceStats().compactedDays())
                    .description("raw days compacted into day files, now on disk").register(registry);
            Gauge.builder("openenos.timeseries.compacted.bytes", store, s -> s.maintenanceStats().dayFileBytes())
                    .description("bytes of the day files of compacted raw days").baseUnit("bytes").register(registry);
            FunctionCounter.builder("openenos.timeseries.compacted.written", store,
                            s -> s.maintenanceStats().compactedSinceStart())
                    .description("day files written since start (a day again when late values arrived)")
                    .register(registry);
            Gauge.builder("openenos.timeseries.compaction.last.duration", store,
                            s -> s.maintenanceStats().lastCompactionNanos() / 1e9)
                    .description("duration of the last compaction of raw days, seconds (0 before the first)")
                    .baseUnit("seconds").register(registry);
            Gauge.builder("openenos.timeseries.maintenance.last.success", store,
                            s -> s.maintenanceStats().lastSuccessMillis() / 1000.0)
                    .description("time of the last completed pass, seconds since the epoch (0 before the first)")
                    .register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, ToDoubleFunction<PipelineStatus> value, String what) {
        Gauge.builder(name, timeSeries, m -> value.applyAsDouble(m.status())).description(what).register(registry);
    }

    private void counter(MeterRegistry registry, String name, ToDoubleFunction<PipelineStatus> value, String what) {
        FunctionCounter.builder(name, timeSeries, m -> value.applyAsDouble(m.status())).description(what)
                .register(registry);
    }

    @Override
    public Health health() {
        PipelineStatus status = timeSeries.status();
        PipelineStatus.Verdict verdict = status.verdict(bounds.maxLagRecords(), bounds.maxLagAge());
        Health.Builder b = Health.status(switch (verdict.level()) {
            case UP -> Status.UP;
            case OUT_OF_SERVICE -> Status.OUT_OF_SERVICE;
            case DOWN -> Status.DOWN;
        });
        if (verdict.reason() != null) {
            b.withDetail("reason", verdict.reason());
        }
        b.withDetail("backlogRecords", status.backlogRecords())
                .withDetail("oldestUnstoredSeconds", status.oldestUnstoredAge().toMillis() / 1000.0)
                .withDetail("storedRecords", status.storedRecords())
                .withDetail("backPressure", timeSeries.backPressure().active())
                .withDetail("deadLetters", status.deadLetters());
        if (timeSeries.store() instanceof QuestDbTimeSeriesStore store) {
            MaintenanceStats m = store.maintenanceStats();
            b.withDetail("maintenancePasses", m.passes()).withDetail("maintenanceFailures", m.failures())
                    .withDetail("compactedDays", m.compactedDays());
        }
        return b.build();
    }
}
