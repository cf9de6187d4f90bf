package org.openenos.connectivity.command;

import java.util.Map;

/**
 * {@code commands?action=invokeService}: {@code pendingTtl} 0–172800 s keeps the command for an offline device;
 * {@code timeout} 1–60 s (default 30) bounds the wait for the reply of a SYNC service.
 */
public record InvokeServiceRequest(String productKey, String deviceKey, String serviceId, Map<String, Object> inputData,
                                   int pendingTtlSeconds, int timeoutSeconds) {
    public static final int MAX_PENDING_TTL = 172_800;
    public static final int DEFAULT_TIMEOUT = 30;

    public InvokeServiceRequest {
        inputData = inputData == null ? Map.of() : Map.copyOf(inputData);
        pendingTtlSeconds = Math.clamp(pendingTtlSeconds, 0, MAX_PENDING_TTL);
        timeoutSeconds = timeoutSeconds <= 0 ? DEFAULT_TIMEOUT : Math.min(timeoutSeconds, 60);
    }
}
