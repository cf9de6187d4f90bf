package org.openenos.timeseries.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryListener;
import org.openenos.telemetry.TelemetrySubscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans stored values out to listeners; a failing listener is logged and never stops the pipeline. */
public final class SubscriptionHub implements TelemetrySubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionHub.class);
    private final List<TelemetryListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public AutoCloseable subscribe(TelemetryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(List<MeasurePointValue> values) {
        for (TelemetryListener listener : listeners) {
            try {
                listener.onValues(values);
            } catch (RuntimeException e) {
                LOG.warn("telemetry listener {} failed", listener, e);
            }
        }
    }
}
