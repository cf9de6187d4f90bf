package org.openenos.telemetry;

/**
 * Live stream of stored values for alerts and the portal's live view. Listeners see each value at least once, in
 * order per asset, after it is durable in the time-series store; a value replayed after a crash may be seen twice.
 * On a bus shared by several nodes the portal's live values come from a reader of the whole bus instead
 * ({@link LiveTailFeed}): there a value is seen once the bus acknowledged it, possibly before it is stored.
 */
public interface TelemetrySubscriptions {

    /** Registers a listener; closing the returned handle removes it. */
    AutoCloseable subscribe(TelemetryListener listener);
}
