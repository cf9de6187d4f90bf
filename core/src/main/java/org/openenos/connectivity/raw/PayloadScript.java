package org.openenos.connectivity.raw;

/**
 * The parsing script of a product with {@code dataFormat: Custom} (reference §1.1, §2 "Raw topics"): it turns the
 * device's binary payloads into EnOS JSON messages and EnOS JSON messages into binary payloads. Implementations run
 * the script sandboxed: bounded in time and work, without I/O or access to the host.
 */
public interface PayloadScript extends AutoCloseable {
    /** {@code rawDataToProtocol}: a raw payload from the device (up_raw, down_raw_reply) → an EnOS JSON message. */
    String toProtocol(byte[] raw);

    /** {@code protocolToRawData}: an EnOS JSON message (a command, a reply) → the raw payload for the device. */
    byte[] toRaw(String json);

    /** Frees what the script keeps between conversions; a conversion still running finishes. */
    @Override
    default void close() {
    }
}
