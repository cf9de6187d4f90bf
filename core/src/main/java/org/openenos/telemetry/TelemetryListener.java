package org.openenos.telemetry;

import java.util.List;
import org.openenos.model.MeasurePointValue;

/** Receives values once the pipeline has stored them; must return quickly (hand heavy work to its own executor). */
@FunctionalInterface
public interface TelemetryListener {
    void onValues(List<MeasurePointValue> values);
}
