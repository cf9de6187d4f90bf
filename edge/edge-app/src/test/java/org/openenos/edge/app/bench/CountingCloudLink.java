package org.openenos.edge.app.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.openenos.edge.cloud.CloudLink;
import org.openenos.edge.cloud.SubDevice;
import org.openenos.edge.cloud.UploadItem;

/** A cloud that acknowledges at once and only counts, so that a benchmark measures the edge alone. */
final class CountingCloudLink implements CloudLink {
    final LongAdder livePoints = new LongAdder();
    final LongAdder resumedItems = new LongAdder();
    volatile boolean online = true;
    private Listener listener;

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public CompletableFuture<Void> connect() {
        if (!online) {
            return CompletableFuture.failedFuture(new IllegalStateException("offline"));
        }
        listener.connected();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isConnected() {
        return online;
    }

    @Override
    public CompletableFuture<Void> addTopology(List<SubDevice> devices) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Map<SubDevice, String>> loginSubDevices(List<SubDevice> devices) {
        return CompletableFuture.completedFuture(Map.of());
    }

    @Override
    public CompletableFuture<Void> postMeasurepoints(List<UploadItem> items) {
        if (!online) {
            return CompletableFuture.failedFuture(new IllegalStateException("offline"));
        }
        for (UploadItem item : items) {
            livePoints.add(item.measurepoints().size());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> resumeMeasurepoints(List<UploadItem> items) {
        resumedItems.add(items.size());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> postEvent(SubDevice device, String eventId, Map<String, Object> outputs, long time) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }
}
