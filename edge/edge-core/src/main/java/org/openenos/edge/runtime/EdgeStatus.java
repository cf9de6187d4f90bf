package org.openenos.edge.runtime;

import java.util.List;

/**
 * A snapshot for the local status endpoint. {@code healthy} holds only when the cloud session is online and every
 * field connection and device answers; {@code problems} says what is wrong otherwise, one line each.
 * {@code configVersion} is the cloud's configuration version running (null: the file's own field part), and
 * {@code configError} why the last push was refused (null once a push was applied).
 * {@code deadLetterItems}: upload items the cloud refused for good, kept in the buffer's dead-letter file.
 */
public record EdgeStatus(boolean healthy, List<String> problems, String cloudState, long lastCloudContactMillis, long bufferDepth,
                         long bufferBytes, long bufferDropped, long pendingEvents, List<Connection> connections,
                         List<Device> devices, Long configVersion, String configError, long deadLetterItems) {

    /** {@code unreadableMessages}: pushed messages (MQTT) that could not be read; counted, never fatal. */
    public record Connection(String id, String type, boolean connected, long requests, long failedRequests,
                             String lastError, long unreadableMessages) {
    }

    /** {@code online} is false while the device is in outage (it is then offline in the cloud too). */
    public record Device(String id, String productKey, String deviceKey, long polls, long goodSamples,
                         long badSamples, long lastPollMillis, boolean online) {
    }
}
