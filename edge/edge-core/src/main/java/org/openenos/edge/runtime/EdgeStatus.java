package org.openenos.edge.runtime;

import java.util.List;

/** A snapshot for the local status endpoint. */
public record EdgeStatus(boolean healthy, String cloudState, long lastCloudContactMillis, long bufferDepth,
                         long bufferBytes, long bufferDropped, long pendingEvents, List<Connection> connections,
                         List<Device> devices) {

    public record Connection(String id, String type, boolean connected, long requests, long failedRequests,
                             String lastError) {
    }

    public record Device(String id, String productKey, String deviceKey, long polls, long goodSamples,
                         long badSamples, long lastPollMillis) {
    }
}
