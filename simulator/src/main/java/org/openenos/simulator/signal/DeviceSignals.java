package org.openenos.simulator.signal;

import java.util.Map;
import java.util.OptionalInt;

/** The measure point values of one simulated device, advanced one step at a time. */
public interface DeviceSignals {
    int STATUS_STOPPED = 0;
    int STATUS_RUNNING = 1;
    int STATUS_FAULT = 2;
    int STATUS_LIMITED = 3;

    /** Values at {@code nowMillis}, {@code stepSeconds} after the previous call. */
    Map<String, Object> next(long nowMillis, double stepSeconds);

    /** The fault code raised by the last step, if a fault started then. */
    OptionalInt newFault();

    /** Clears a fault (the {@code reset} service). */
    void reset();
}
