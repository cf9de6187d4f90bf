package org.openenos.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.openenos.timeseries.TimeSeriesModule;
import org.openenos.timeseries.questdb.MaintenanceStats;
import org.openenos.timeseries.questdb.QuestDbTimeSeriesStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Metrics and health of the telemetry path: how much the storage stage has stored, and how far it lags behind what
 * devices were told is safe. A growing backlog means the store cannot keep up with ingest.
 */
@Component
public class TelemetryObservability implements MeterBinder, HealthIndicator {
    static final long BACKLOG_WARNING = 1_000_000;
    private final TimeSeriesModule timeSeries;

    public TelemetryObservability(TimeSeriesModule timeSeries) {
        this.timeSeries = timeSeries;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("openenos.telemetry.stored.records", timeSeries, TimeSeriesModule::storedRecords)
                .description("log records written to the time-series store since start").register(registry);
        Gauge.builder("openenos.telemetry.backlog.records", timeSeries, TimeSeriesModule::backlogRecords)
                .description("acknowledged log records not yet in the time-series store").register(registry);
        if (timeSeries.store() instanceof QuestDbTimeSeriesStore store) {
            Gauge.builder("openenos.timeseries.maintenance.passes", store, s -> s.maintenanceStats().passes())
                    .description("completed rollup/compaction passes since start").register(registry);
            Gauge.builder("openenos.timeseries.maintenance.failures", store, s -> s.maintenanceStats().failures())
                    .description("failed rollup/compaction passes since start (retried on the next)")
                    .register(registry);
            Gauge.builder("openenos.timeseries.parquet.converted.partitions", store,
                            s -> s.maintenanceStats().convertedPartitions())
                    .description("partitions converted to Parquet since start").register(registry);
            Gauge.builder("openenos.timeseries.maintenance.last.success", store,
                            s -> s.maintenanceStats().lastSuccessMillis() / 1000.0)
                    .description("time of the last completed pass, seconds since the epoch (0 before the first)")
                    .register(registry);
        }
    }

    @Override
    public Health health() {
        long backlog = timeSeries.backlogRecords();
        Health.Builder b = backlog > BACKLOG_WARNING ? Health.outOfService() : Health.up();
        b.withDetail("backlogRecords", backlog).withDetail("storedRecords", timeSeries.storedRecords());
        if (timeSeries.store() instanceof QuestDbTimeSeriesStore store) {
            MaintenanceStats m = store.maintenanceStats();
            b.withDetail("maintenancePasses", m.passes()).withDetail("maintenanceFailures", m.failures());
        }
        return b.build();
    }
}
