package org.openenos.edge.config;

/**
 * One field connection. Modbus uses host/port; OPC UA uses {@code endpointUrl}, {@code securityPolicy} (None,
 * Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss) and {@code messageSecurityMode} (None, Sign,
 * SignAndEncrypt), with optional user name and password.
 */
public record ConnectionConfig(String id, ConnectionType type, String host, Integer port, Integer timeoutMillis,
                               Integer maxRegistersPerRequest, String endpointUrl, String securityPolicy,
                               String messageSecurityMode, String username, String password) {
    public ConnectionConfig {
        Checks.require(id, "connection.id");
        Checks.require(type, "connection '" + id + "' type");
        timeoutMillis = timeoutMillis == null ? 1_000 : timeoutMillis;
        // 125 registers is the Modbus limit for one read (Modbus application protocol v1.1b3, 6.3).
        maxRegistersPerRequest = maxRegistersPerRequest == null ? 125 : maxRegistersPerRequest;
        Checks.check(maxRegistersPerRequest >= 1 && maxRegistersPerRequest <= 125,
                "connection '" + id + "' maxRegistersPerRequest must be 1..125");
        if (type.isModbus()) {
            Checks.require(host, "connection '" + id + "' host");
            port = port == null ? 502 : port;
        } else {
            Checks.require(endpointUrl, "connection '" + id + "' endpointUrl");
            securityPolicy = securityPolicy == null ? "None" : securityPolicy;
            messageSecurityMode = messageSecurityMode == null ? "None" : messageSecurityMode;
            Checks.check(java.util.Set.of("None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss")
                    .contains(securityPolicy), "connection '" + id + "' has unknown securityPolicy " + securityPolicy);
            Checks.check(java.util.Set.of("None", "Sign", "SignAndEncrypt").contains(messageSecurityMode),
                    "connection '" + id + "' has unknown messageSecurityMode " + messageSecurityMode);
        }
        Checks.check(timeoutMillis > 0, "connection '" + id + "' timeoutMillis must be positive");
    }
}
