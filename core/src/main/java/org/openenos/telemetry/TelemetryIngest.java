package org.openenos.telemetry;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.openenos.model.MeasurePointValue;

/**
 * Entry of the telemetry pipeline for measure points that have already been validated against their model.
 * The returned future completes only when the values are durable (fsynced), so a device may be acknowledged then;
 * it completes exceptionally when they could not be made durable. Implementations apply back-pressure by delaying
 * completion rather than buffering without bound.
 */
public interface TelemetryIngest {
    CompletableFuture<Void> ingest(List<MeasurePointValue> values);
}
