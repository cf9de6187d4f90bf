package org.openenos.edge.app.cloud;

import java.util.Map;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;

/** The §1.2 sign over clientId, deviceKey, productKey and timestamp, computed by the shared protocol module. */
final class Signs {
    private Signs() {
    }

    static String sign(String clientId, String productKey, String deviceKey, String timestamp, String secret,
                       String method) {
        SignMethod signMethod = SignMethod.parse(method)
                .orElseThrow(() -> new IllegalArgumentException("unknown sign method " + method));
        return DeviceSigner.sign(Map.of("clientId", clientId, "deviceKey", deviceKey, "productKey", productKey,
                "timestamp", timestamp), secret, signMethod);
    }
}
