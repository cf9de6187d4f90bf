package org.openenos.connectivity;

/** The transport side of a device session, implemented by each adapter (MQTT connection, HTTP session). */
public interface DeviceLink {
    /** Sends a message to the device without waiting; devices never subscribe to command topics (reference §2). */
    void send(String topic, byte[] payload);

    /** Closes the connection; the adapter then ends the session. */
    void close();

    /** Closes the connection saying why, where the transport can; by default it just closes. */
    default void close(DisconnectReason reason) {
        close();
    }

    /** Serial number (lower-case hex) of the client certificate the connection was authenticated with, or null. */
    default String certificateSerial() {
        return null;
    }

    /** True when the device connected over TLS. */
    boolean secure();

    /** The device's network address as the server sees it, for the connection log; null when unknown. */
    default String remoteAddress() {
        return null;
    }

    /** How the device is connected, for the connection log: {@code MQTT}, {@code MQTT+TLS}, {@code HTTP}. */
    default String transport() {
        return secure() ? "MQTT+TLS" : "MQTT";
    }
}
