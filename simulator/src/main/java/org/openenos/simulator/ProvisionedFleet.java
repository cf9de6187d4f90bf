package org.openenos.simulator;

import java.util.List;
import org.openenos.simulator.FleetSpec.SiteKind;

/** What provisioning created: enough to log every device in and stream its signals (it holds device secrets). */
public record ProvisionedFleet(String orgId, int intervalSeconds, double timeScale, double faultProbability,
                               List<SimulatedDevice> devices, List<SimulatedGateway> gateways) {

    /**
     * One device with the parameters of its signals. {@code gatewayDeviceKey} is set for a sub-device, which posts
     * through its gateway's connection.
     */
    public record SimulatedDevice(SiteKind kind, String site, String productKey, String deviceKey, String deviceSecret,
                                  String assetId, String gatewayDeviceKey, double ratedPowerKw, double capacityKwh,
                                  double meanWindSpeed, String timezone) {
    }

    public record SimulatedGateway(String site, String productKey, String deviceKey, String deviceSecret,
                                   String assetId) {
    }

    public List<SimulatedDevice> subDevicesOf(SimulatedGateway gateway) {
        return devices.stream().filter(d -> gateway.deviceKey().equals(d.gatewayDeviceKey())).toList();
    }
}
