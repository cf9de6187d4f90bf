package org.openenos.edge.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openenos.edge.cloud.CloudCommand;
import org.openenos.edge.cloud.CloudLink;
import org.openenos.edge.cloud.SubDevice;
import org.openenos.edge.cloud.UploadItem;

/**
 * An in-memory cloud for edge tests: records what was posted and resumed, and can be taken offline. Offline, every
 * request fails at once and the listener hears of the drop, as with a real broken link.
 */
public final class FakeCloudLink implements CloudLink {
    public final List<UploadItem> posted = new CopyOnWriteArrayList<>();
    public final List<UploadItem> resumed = new CopyOnWriteArrayList<>();
    public final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    public final List<SubDevice> topology = new CopyOnWriteArrayList<>();
    public final List<CloudCommand.CommandResult> replies = new CopyOnWriteArrayList<>();
    /** Sub-device logins and logouts in order, as {@code "login pk/dk"} and {@code "logout pk/dk"}. */
    public final List<String> sessions = new CopyOnWriteArrayList<>();
    /** The models' measure point types by device key, answered to {@code thing.tsltemplate.get}. */
    public final Map<String, Map<String, String>> types = new java.util.concurrent.ConcurrentHashMap<>();
    /** When set, posts and resumes are answered with this refusal (a reply code other than 200). */
    public volatile org.openenos.edge.cloud.CloudRefusedException refusal;
    /** Runs while a sub-device login is under way, before the cloud answers it. */
    public volatile Runnable duringLogin = () -> { };
    private volatile boolean online = true;
    private volatile boolean connected;
    private volatile Listener listener;

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public CompletableFuture<Void> connect() {
        if (!online) {
            return CompletableFuture.failedFuture(new IllegalStateException("cloud unreachable"));
        }
        connected = true;
        listener.connected();
        return CompletableFuture.completedFuture(null);
    }

    public void goOffline() {
        online = false;
        if (connected) {
            connected = false;
            listener.disconnected(new IllegalStateException("link pulled"));
        }
    }

    public void goOnline() {
        online = true;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    private <T> CompletableFuture<T> guarded(Runnable action, T result) {
        if (!connected) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        action.run();
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public CompletableFuture<Void> addTopology(List<SubDevice> devices) {
        return guarded(() -> topology.addAll(devices), null);
    }

    @Override
    public CompletableFuture<Map<SubDevice, String>> loginSubDevices(List<SubDevice> devices) {
        return guarded(() -> {
            devices.forEach(d -> sessions.add("login " + d));
            duringLogin.run();
        }, Map.of());
    }

    @Override
    public CompletableFuture<Map<String, String>> measurepointTypes(SubDevice device) {
        return guarded(() -> { }, types.getOrDefault(device.deviceKey(), Map.of()));
    }

    @Override
    public CompletableFuture<Void> logoutSubDevice(SubDevice device) {
        return guarded(() -> sessions.add("logout " + device), null);
    }

    @Override
    public CompletableFuture<Void> postMeasurepoints(List<UploadItem> items) {
        if (refusal != null) {
            return CompletableFuture.failedFuture(refusal);
        }
        return guarded(() -> posted.addAll(items), null);
    }

    @Override
    public CompletableFuture<Void> resumeMeasurepoints(List<UploadItem> items) {
        if (refusal != null) {
            return CompletableFuture.failedFuture(refusal);
        }
        return guarded(() -> resumed.addAll(items), null);
    }

    @Override
    public CompletableFuture<Void> postEvent(SubDevice device, String eventId, Map<String, Object> outputs, long time) {
        return guarded(() -> events.add(Map.of("device", device.deviceKey(), "event", eventId, "outputs", outputs)), null);
    }

    /** Delivers a command as the cloud would; replies are collected in {@link #replies}. */
    public void command(String productKey, String deviceKey, CloudCommand.Kind kind, String serviceId,
                        Map<String, Object> params) {
        listener.command(new CloudCommand(productKey, deviceKey, kind, serviceId, params, replies::add));
    }

    /** Everything that reached the cloud, live and resumed. */
    public List<UploadItem> received() {
        List<UploadItem> all = new ArrayList<>(posted);
        all.addAll(resumed);
        return all;
    }

    @Override
    public void close() {
        connected = false;
    }
}
