package org.openenos.edge.field;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.RawPointConfig;

/**
 * The port every southbound protocol implements (Modbus, OPC UA; IEC 104, BACnet or DL/T645 later). A connector
 * owns one connection and reconnects by itself; reads never throw for field errors, they return bad samples.
 */
public interface FieldConnector extends AutoCloseable {

    String connectionId();

    /** Opens the connection; failures are retried by the connector, so this does not throw for an absent peer. */
    void start();

    /** Polls the given points of one device. Every requested point gets a sample, bad when it could not be read. */
    Map<String, Sample> read(DeviceConfig device, List<RawPointConfig> points);

    /**
     * Subscribes to points the protocol can push (OPC UA monitored items); samples arrive on {@code sink} with the
     * point id. Protocols without subscriptions poll instead, which is the default.
     */
    default boolean subscribe(DeviceConfig device, List<RawPointConfig> points, BiConsumer<String, Sample> sink) {
        return false;
    }

    /**
     * Writes an engineering value to a point (scale and offset already inverted by the caller); completes
     * exceptionally with {@link FieldWriteException} carrying the protocol's reason.
     */
    CompletableFuture<Void> write(DeviceConfig device, RawPointConfig point, Object rawValue);

    /**
     * Calls a method of the device (OPC UA Call service) with typed inputs; completes with its output values in
     * order, or exceptionally with {@link FieldWriteException}. Protocols without methods refuse, which is the
     * default.
     */
    default CompletableFuture<List<Object>> call(DeviceConfig device, String objectNode, String methodNode,
                                                 List<Object> inputs, List<DataType> inputTypes) {
        return CompletableFuture.failedFuture(new FieldWriteException("connection '" + connectionId()
                + "' has no method calls", null));
    }

    boolean isConnected();

    /** Read statistics for the status endpoint. */
    ConnectorStats stats();

    @Override
    void close();
}
