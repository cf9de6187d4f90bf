package org.openenos.batch.sql;

import java.util.concurrent.atomic.AtomicLong;

/** What one query's scans of {@code history} and {@code rollups} read from the store (logged by tasks, tested). */
public final class ScanStats {
    private final AtomicLong series = new AtomicLong();
    private final AtomicLong values = new AtomicLong();

    void seriesRead(long n) {
        series.addAndGet(n);
    }

    void valuesRead(long n) {
        values.addAndGet(n);
    }

    public long series() {
        return series.get();
    }

    public long values() {
        return values.get();
    }
}
