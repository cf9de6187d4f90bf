package org.openenos.server;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.alerting.notify.AlertActuator;
import org.openenos.connectivity.command.CommandService;
import org.openenos.connectivity.command.InvokeServiceRequest;
import org.openenos.model.Device;
import org.openenos.registry.DeviceDirectory;

/**
 * Alert control actions as device commands. The asset must be a device of the alert's organization; commands are
 * not cached for offline devices (pending TTL 0), because acting on an old alert later could do harm — the notifier
 * retries instead and keeps a dead letter if the device stays away.
 */
final class CommandAlertActuator implements AlertActuator {
    private static final int TIMEOUT_SECONDS = 10;
    private final CommandService commands;
    private final DeviceDirectory directory;

    CommandAlertActuator(CommandService commands, DeviceDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    @Override
    public CompletableFuture<?> invokeService(String orgId, String assetId, String serviceId,
                                              Map<String, Object> inputData) {
        Device d = device(orgId, assetId);
        return commands.invokeService(new InvokeServiceRequest(d.productKey(), d.deviceKey(), serviceId, inputData,
                0, TIMEOUT_SECONDS));
    }

    @Override
    public CompletableFuture<?> setMeasurepoint(String orgId, String assetId, String measurepointId, Object value) {
        Device d = device(orgId, assetId);
        return commands.setMeasurepoint(d.productKey(), d.deviceKey(), measurepointId, value, 0);
    }

    private Device device(String orgId, String assetId) {
        return directory.deviceByAsset(assetId).filter(d -> d.orgId().equals(orgId))
                .orElseThrow(() -> new IllegalStateException("asset " + assetId + " is not a device"));
    }
}
