package org.openenos.telemetry.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.telemetry.TelemetryIngest;

/** The ingest port: values are acknowledged once the bus has them on disk; storing them happens downstream. */
public final class BusTelemetryIngest implements TelemetryIngest {
    private final TelemetryBus bus;

    public BusTelemetryIngest(TelemetryBus bus) {
        this.bus = bus;
    }

    @Override
    public CompletableFuture<Void> ingest(List<MeasurePointValue> values) {
        return bus.publish(values);
    }

    @Override
    public boolean acceptsWithoutWaiting() {
        return bus.acceptsWithoutWaiting();
    }

    @Override
    public CompletableFuture<Void> resume(List<MeasurePointValue> values) {
        return bus.publish(values, true);
    }
}
