package org.openenos.alerting.notify;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Closed-loop control: the device commands an alert rule may issue on the alert's asset. */
public interface AlertActuator {
    CompletableFuture<?> invokeService(String orgId, String assetId, String serviceId, Map<String, Object> inputData);

    CompletableFuture<?> setMeasurepoint(String orgId, String assetId, String measurepointId, Object value);
}
