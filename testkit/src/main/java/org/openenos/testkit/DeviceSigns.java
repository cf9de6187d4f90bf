package org.openenos.testkit;

import java.util.Map;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;

/** Builds signed credentials the way the EnOS SDKs do, for tests that log devices in. */
public final class DeviceSigns {
    private DeviceSigns() {
    }

    public static String clientId(String cid, int secureMode, String timestamp) {
        return cid + "|securemode=" + secureMode + ",signmethod=sha256,timestamp=" + timestamp + "|";
    }

    public static String password(String cid, String productKey, String deviceKey, String timestamp, String secret) {
        return DeviceSigner.sign(Map.of("clientId", cid, "deviceKey", deviceKey, "productKey", productKey,
                "timestamp", timestamp), secret, SignMethod.SHA256);
    }
}
