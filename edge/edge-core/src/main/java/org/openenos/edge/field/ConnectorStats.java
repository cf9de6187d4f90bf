package org.openenos.edge.field;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one connection, read by the status endpoint and the metrics. */
public final class ConnectorStats {
    public final AtomicLong requests = new AtomicLong();
    public final AtomicLong failedRequests = new AtomicLong();
    public final AtomicLong goodSamples = new AtomicLong();
    public final AtomicLong badSamples = new AtomicLong();
    public final AtomicLong writes = new AtomicLong();
    public final AtomicLong failedWrites = new AtomicLong();
    /** Pushed messages the connection received but could not read (malformed, out of range); never fatal. */
    public final AtomicLong unreadableMessages = new AtomicLong();
    public volatile long lastSuccessMillis;
    public volatile String lastError = "";
}
