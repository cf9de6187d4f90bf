package org.openenos.timeseries.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.PoisonIsolation;
import org.openenos.telemetry.PoisonRecordHandler;
import org.openenos.telemetry.TelemetryListener;
import org.openenos.telemetry.TelemetrySubscriptions;

/**
 * Fans stored values out to listeners (alerts, live streams). A listener that fails on a batch never stops the
 * pipeline nor misses the rest of the batch: the batch is split until the values it fails on are isolated, those go
 * to the dead letters, and it gets the others (some of which it may then see twice, as after a crash).
 */
public final class SubscriptionHub implements TelemetrySubscriptions {
    /** Single values failing with none delivered before the listener counts as broken for the whole batch. */
    private static final int FAILURES_BEFORE_GIVING_UP = 16;
    private final List<TelemetryListener> listeners = new CopyOnWriteArrayList<>();
    private final PoisonRecordHandler poison;

    public SubscriptionHub(PoisonRecordHandler poison) {
        this.poison = poison;
    }

    @Override
    public AutoCloseable subscribe(TelemetryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(List<MeasurePointValue> values) {
        if (values.isEmpty()) {
            return;
        }
        for (TelemetryListener listener : listeners) {
            try {
                listener.onValues(values);
            } catch (RuntimeException e) {
                isolate(listener, values);
            }
        }
    }

    private void isolate(TelemetryListener listener, List<MeasurePointValue> values) {
        String reason = "listener-failed " + listener.getClass().getSimpleName();
        var outcome = PoisonIsolation.isolate(values, listener::onValues, FAILURES_BEFORE_GIVING_UP);
        outcome.poison().forEach(f -> poison.refused(reason, List.of(f.item()), f.error()));
        if (outcome.targetDown()) {
            poison.refused(reason, outcome.unresolved(), new IllegalStateException(
                    "the listener failed on every value of the batch"));
        }
    }
}
