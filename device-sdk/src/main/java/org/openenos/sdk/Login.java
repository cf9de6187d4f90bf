package org.openenos.sdk;

import java.util.Objects;

/**
 * How a device logs in (reference §1.2–1.4). X.509 two-way TLS is not a separate login: it is a {@link Secret} login
 * over a TLS socket factory that carries the client certificate (the EnOS SDK still sends the signed password).
 */
public sealed interface Login {
    String productKey();

    String deviceKey();

    /** securemode 2: the device secret signs the login. */
    record Secret(String productKey, String deviceKey, String deviceSecret) implements Login {
        public Secret {
            Objects.requireNonNull(productKey, "productKey");
            Objects.requireNonNull(deviceKey, "deviceKey");
            Objects.requireNonNull(deviceSecret, "deviceSecret");
        }
    }

    /**
     * securemode 3: the product secret signs the first login; the server pushes the device secret on
     * {@code thing/activate/info}, the client stores it in {@code secrets} and reconnects in mode 2. When the store
     * already holds a secret for this device, the client logs in with it directly.
     */
    record DynamicActivation(String productKey, String deviceKey, String productSecret, SecretStore secrets)
            implements Login {
        public DynamicActivation {
            Objects.requireNonNull(productKey, "productKey");
            Objects.requireNonNull(deviceKey, "deviceKey");
            Objects.requireNonNull(productSecret, "productSecret");
            Objects.requireNonNull(secrets, "secrets");
        }
    }
}
