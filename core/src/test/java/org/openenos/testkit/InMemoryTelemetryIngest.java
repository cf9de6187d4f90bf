package org.openenos.testkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;

/** Keeps ingested values in a list; {@link #failNext} makes the next ingest fail as a full disk would. */
public final class InMemoryTelemetryIngest implements TelemetryIngest {
    private final List<MeasurePointValue> values = new CopyOnWriteArrayList<>();
    private volatile boolean failNext;

    @Override
    public CompletableFuture<Void> ingest(List<MeasurePointValue> batch) {
        if (failNext) {
            failNext = false;
            return CompletableFuture.failedFuture(new IllegalStateException("storage unavailable"));
        }
        values.addAll(batch);
        return CompletableFuture.completedFuture(null);
    }

    public List<MeasurePointValue> values() {
        return List.copyOf(values);
    }

    public void failNext() {
        failNext = true;
    }
}
