package org.openenos.sdk.buffer;

/** A measure point post to buffer: for which device, at what time, and the {@code measurepoints} object as JSON. */
public record PendingPoints(String productKey, String deviceKey, long time, String measurepointsJson) {
}
