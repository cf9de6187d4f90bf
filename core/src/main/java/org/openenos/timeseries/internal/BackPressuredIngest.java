package org.openenos.timeseries.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;

/**
 * The devices' ingest: values go to the log at once, as with the plain ingest, and their acknowledgement completes
 * once they are durable and the {@link BacklogGate} lets it through. A device waiting for it sends no more (QoS 1
 * windows, per-connection limits of unanswered requests), which is how a lagging store slows devices down.
 */
public final class BackPressuredIngest implements TelemetryIngest {
    private final TelemetryIngest log;
    private final BacklogGate gate;

    public BackPressuredIngest(TelemetryIngest log, BacklogGate gate) {
        this.log = log;
        this.gate = gate;
    }

    @Override
    public CompletableFuture<Void> ingest(List<MeasurePointValue> values) {
        return gate.after(log.ingest(values));
    }

    @Override
    public CompletableFuture<Void> resume(List<MeasurePointValue> values) {
        return gate.after(log.resume(values));
    }

    @Override
    public boolean acceptsWithoutWaiting() {
        return log.acceptsWithoutWaiting();
    }
}
