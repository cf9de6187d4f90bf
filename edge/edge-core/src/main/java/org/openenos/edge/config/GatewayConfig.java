package org.openenos.edge.config;

/**
 * The edge's own identity as an EnOS gateway device. The serial number is the device key (reference §7). The device
 * secret is optional: without it the edge logs in with the product secret (dynamic activation, §1.3).
 */
public record GatewayConfig(String productKey, String productSecret, String serialNumber, String deviceSecret) {
    public GatewayConfig {
        Checks.require(productKey, "gateway.productKey");
        Checks.require(serialNumber, "gateway.serialNumber");
        Checks.check(deviceSecret != null || productSecret != null,
                "gateway needs a deviceSecret or a productSecret (dynamic activation)");
    }

    public String deviceKey() {
        return serialNumber;
    }
}
