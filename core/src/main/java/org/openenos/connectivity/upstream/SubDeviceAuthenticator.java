package org.openenos.connectivity.upstream;

import java.util.HashMap;
import java.util.Map;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.DeviceSession;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.model.DeviceStatus;
import org.openenos.model.Product;
import org.openenos.protocol.DeviceSigner;

/**
 * Checks a sub-device login made through a gateway ({@code combine.login}, reference §3.1): the sign uses the §1.2
 * digest with the sub-device secret (mode 2) or its product secret (mode 3, which activates it once), and the
 * sub-device must be attached to this gateway.
 */
final class SubDeviceAuthenticator {
    /** A sub-device that passed the check; {@code secret} is returned to the gateway for secure mode 3. */
    record SubDeviceLogin(DeviceRef device, String secret) {
    }

    record Credentials(String productKey, String deviceKey, String secureMode, String clientId, String timestamp,
                       String signMethod, String sign, String cleanSession) {
    }

    private final ConnectivityPorts ports;

    SubDeviceAuthenticator(ConnectivityPorts ports) {
        this.ports = ports;
    }

    SubDeviceLogin authenticate(DeviceSession gateway, Credentials credentials) {
        Product product = ports.directory().product(credentials.productKey())
                .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_UNKNOWN, "product not found"));
        Device device = ports.directory().device(credentials.productKey(), credentials.deviceKey())
                .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_UNKNOWN, "device not found"));
        boolean dynamic = "3".equals(credentials.secureMode());
        if (dynamic && !product.dynamicActivateEnabled()) {
            throw new OpenEnosException(ErrorCode.DEVICE_ACTIVATION_NOT_ALLOWED, "dynamic activation is not enabled");
        }
        if (!signed(credentials, dynamic ? product.productSecret() : device.deviceSecret())) {
            throw new OpenEnosException(ErrorCode.DEVICE_SIGN_INVALID, "sign check failed");
        }
        if (!device.enabled() || device.status() == DeviceStatus.disabled) {
            throw new OpenEnosException(ErrorCode.DEVICE_DISABLED, "device is disabled");
        }
        String gatewayAsset = gateway.device().assetId();
        if (gatewayAsset == null || !gatewayAsset.equals(device.gatewayAssetId())) {
            throw new OpenEnosException(ErrorCode.DEVICE_NOT_SUB_DEVICE, "not a sub-device of this gateway");
        }
        if (dynamic && !device.isActivated()) {
            device = ports.directory().activate(device.assetId(), ports.clock().instant());
        }
        return new SubDeviceLogin(DeviceRef.of(device), dynamic ? device.deviceSecret() : null);
    }

    /** The SDK signs four keys; the docs sign {@code cleanSession} too, so both are accepted. */
    private static boolean signed(Credentials credentials, String secret) {
        Map<String, String> params = new HashMap<>(Map.of("clientId", nullToEmpty(credentials.clientId()),
                "deviceKey", credentials.deviceKey(), "productKey", credentials.productKey(),
                "timestamp", nullToEmpty(credentials.timestamp())));
        if (DeviceSigner.verify(params, secret, credentials.signMethod(), credentials.sign())) {
            return true;
        }
        if (credentials.cleanSession() == null) {
            return false;
        }
        params.put("cleanSession", credentials.cleanSession());
        return DeviceSigner.verify(params, secret, credentials.signMethod(), credentials.sign());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
