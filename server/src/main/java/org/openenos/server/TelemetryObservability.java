package org.openenos.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.openenos.timeseries.TimeSeriesModule;
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
    }

    @Override
    public Health health() {
        long backlog = timeSeries.backlogRecords();
        Health.Builder b = backlog > BACKLOG_WARNING ? Health.outOfService() : Health.up();
        return b.withDetail("backlogRecords", backlog).withDetail("storedRecords", timeSeries.storedRecords()).build();
    }
}
