package org.openenos.connectivity;

/** The transport side of a device session, implemented by each adapter (MQTT connection, HTTP session). */
public interface DeviceLink {
    /** Sends a message to the device without waiting; devices never subscribe to command topics (reference §2). */
    void send(String topic, byte[] payload);

    /** Closes the connection; the adapter then ends the session. */
    void close();

    /** True when the device connected over TLS. */
    boolean secure();
}
