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

    /**
     * Values a device re-sends from its offline cache ({@code measurepoint/resume}): some may already be stored, and
     * a value whose (asset, point, time) is stored is not stored again. Implementations without storage of their own
     * treat them like {@link #ingest}.
     */
    default CompletableFuture<Void> resume(List<MeasurePointValue> values) {
        return ingest(values);
    }

    /**
     * Whether {@link #ingest} returns at once (the values handed on, their future completing later); a caller on a
     * thread that must never block checks this first. False unless the implementation knows.
     */
    default boolean acceptsWithoutWaiting() {
        return false;
    }
}
