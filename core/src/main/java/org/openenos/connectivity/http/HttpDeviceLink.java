package org.openenos.connectivity.http;

import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import org.openenos.connectivity.DeviceLink;

/**
 * An HTTP device's side of its session: the device is not reachable between its requests, so commands wait here
 * and leave in the headers of its next response (reference §4).
 */
final class HttpDeviceLink implements DeviceLink {
    /** Commands kept for a device between two of its requests; beyond this the newest are dropped. */
    static final int MAX_QUEUED = 100;

    record Outgoing(String topic, byte[] payload) {
    }

    private final Queue<Outgoing> outgoing = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final String remoteAddress;
    private final Runnable onClose;

    HttpDeviceLink(String remoteAddress, Runnable onClose) {
        this.remoteAddress = remoteAddress;
        this.onClose = onClose;
    }

    @Override
    public void send(String topic, byte[] payload) {
        outgoing.offer(new Outgoing(topic, payload));
    }

    Outgoing poll() {
        return outgoing.poll();
    }

    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public boolean secure() {
        return false;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String transport() {
        return "HTTP";
    }
}
