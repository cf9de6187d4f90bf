package org.openenos.sdk.buffer;

/**
 * One buffered measure point post: the device it belongs to (a gateway buffers for its sub-devices too), its
 * timestamp and the {@code measurepoints} object as JSON text. {@code sequence} orders entries written in the same
 * millisecond.
 */
public record BufferedPoints(long sequence, String productKey, String deviceKey, long time, String measurepointsJson) {
}
