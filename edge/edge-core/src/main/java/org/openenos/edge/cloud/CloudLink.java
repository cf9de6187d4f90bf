package org.openenos.edge.cloud;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The edge's only view of the cloud: a gateway session (reference §3, §7). Implemented today over MQTT with Paho and
 * the shared protocol module; the device SDK will implement it later, so it speaks in plain records and futures.
 * Every request future completes when the cloud acknowledged it (reply code 200) and fails otherwise.
 */
public interface CloudLink extends AutoCloseable {

    /** Connection events and downstream commands. */
    interface Listener {
        void connected();

        void disconnected(Throwable cause);

        void command(CloudCommand command);
    }

    void setListener(Listener listener);

    /** Logs the gateway in (MQTT CONNECT with the gateway's sign); the link does not reconnect by itself. */
    CompletableFuture<Void> connect();

    boolean isConnected();

    /** {@code thing.topo.add}: makes the field devices sub-devices of this gateway. */
    CompletableFuture<Void> addTopology(List<SubDevice> devices);

    /** {@code combine.login.batch}; returns the devices the cloud refused, with the reason. */
    CompletableFuture<Map<SubDevice, String>> loginSubDevices(List<SubDevice> devices);

    /**
     * {@code combine.logout}: the cloud marks the sub-device offline (status, connection event) while the gateway
     * stays connected; the edge uses it for a field device that stopped answering.
     */
    default CompletableFuture<Void> logoutSubDevice(SubDevice device) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("combine.logout"));
    }

    /**
     * {@code thing.tsltemplate.get} for a logged-in sub-device: its model's measure points and their data types
     * (INT, FLOAT, DOUBLE, BOOL, ENUM, STRING …), so that the edge sends values in the form the cloud accepts.
     */
    default CompletableFuture<Map<String, String>> measurepointTypes(SubDevice device) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("thing.tsltemplate.get"));
    }

    /** {@code thing.measurepoint.post.batch} of live data. */
    CompletableFuture<Void> postMeasurepoints(List<UploadItem> items);

    /** {@code thing.measurepoint.resume.batch} of buffered data, in time order. */
    CompletableFuture<Void> resumeMeasurepoints(List<UploadItem> items);

    /** {@code thing.event.{eventId}.post} for a sub-device. */
    CompletableFuture<Void> postEvent(SubDevice device, String eventId, Map<String, Object> outputs, long time);

    /**
     * {@code edge.status.post}: the edge's status (connections, devices, buffer, configuration versions) for the
     * cloud's view of this gateway (ADR 0059).
     */
    default CompletableFuture<Void> postStatus(Map<String, Object> status) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("edge.status.post"));
    }

    @Override
    void close();
}
