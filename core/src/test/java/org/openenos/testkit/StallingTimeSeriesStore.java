package org.openenos.testkit;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.openenos.model.MeasurePointValue;

/** The in-memory store whose appends wait until {@link #released}, then fail while {@link #down}. */
public class StallingTimeSeriesStore extends InMemoryTimeSeriesStore {
    public final CountDownLatch released = new CountDownLatch(1);
    public volatile boolean down;

    @Override
    public void append(List<MeasurePointValue> batch, AppendMode mode) {
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (down) {
            throw new IllegalStateException("No space left on device");
        }
        super.append(batch, mode);
    }
}
