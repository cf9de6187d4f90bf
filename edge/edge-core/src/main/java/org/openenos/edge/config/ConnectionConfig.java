package org.openenos.edge.config;

/**
 * One field connection. Modbus uses host/port; OPC UA uses {@code endpointUrl}, {@code securityPolicy} (None,
 * Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss) and {@code messageSecurityMode} (None, Sign,
 * SignAndEncrypt), with optional user name and password. A secured OPC UA channel uses the edge's own application
 * certificate, created on first use in {@code pkiDirectory}/client.p12, and trusts the server certificates found in
 * {@code pkiDirectory}/trusted; an untrusted server certificate is refused and written to {@code pkiDirectory}/rejected
 * for an operator to review (move it to trusted to accept it). IEC 104 uses host/port (2404), the station's
 * {@code commonAddress} and the protocol timers t1..t3 ({@code timeoutMillis} is t0, the connect timeout).
 */
public record ConnectionConfig(String id, ConnectionType type, String host, Integer port, Integer timeoutMillis,
                               Integer maxRegistersPerRequest, String endpointUrl, String securityPolicy,
                               String messageSecurityMode, String username, String password,
                               String pkiDirectory, Integer commonAddress, Integer t1Millis, Integer t2Millis,
                               Integer t3Millis, String clientId, String serialPort, Integer baudRate,
                               String parity, Integer dataBits, Integer stopBits) {
    public ConnectionConfig {
        Checks.require(id, "connection.id");
        Checks.require(type, "connection '" + id + "' type");
        timeoutMillis = timeoutMillis == null ? 1_000 : timeoutMillis;
        // 125 registers is the Modbus limit for one read (Modbus application protocol v1.1b3, 6.3).
        maxRegistersPerRequest = maxRegistersPerRequest == null ? 125 : maxRegistersPerRequest;
        Checks.check(maxRegistersPerRequest >= 1 && maxRegistersPerRequest <= 125,
                "connection '" + id + "' maxRegistersPerRequest must be 1..125");
        if (type == ConnectionType.MODBUS_RTU) {
            Checks.require(serialPort, "connection '" + id + "' serialPort");
            baudRate = baudRate == null ? 9_600 : baudRate;
            parity = parity == null ? "NONE" : parity;
            dataBits = dataBits == null ? 8 : dataBits;
            stopBits = stopBits == null ? 1 : stopBits;
            Checks.check(java.util.Set.of("NONE", "EVEN", "ODD").contains(parity),
                    "connection '" + id + "' parity must be NONE, EVEN or ODD");
            Checks.check(dataBits >= 5 && dataBits <= 8, "connection '" + id + "' dataBits must be 5..8");
            Checks.check(stopBits == 1 || stopBits == 2, "connection '" + id + "' stopBits must be 1 or 2");
            Checks.check(baudRate > 0, "connection '" + id + "' baudRate must be positive");
        } else if (type.isModbus()) {
            Checks.require(host, "connection '" + id + "' host");
            port = port == null ? 502 : port;
        } else if (type == ConnectionType.IEC104) {
            Checks.require(host, "connection '" + id + "' host");
            port = port == null ? 2404 : port;
            // Defaults of IEC 60870-5-104 (t1 15 s, t2 10 s, t3 20 s); t0, the connect timeout, is timeoutMillis.
            commonAddress = commonAddress == null ? 1 : commonAddress;
            t1Millis = t1Millis == null ? 15_000 : t1Millis;
            t2Millis = t2Millis == null ? 10_000 : t2Millis;
            t3Millis = t3Millis == null ? 20_000 : t3Millis;
            Checks.check(commonAddress >= 1 && commonAddress <= 65534,
                    "connection '" + id + "' commonAddress must be 1..65534");
            Checks.check(t2Millis < t1Millis, "connection '" + id + "' t2Millis must be shorter than t1Millis");
            Checks.check(t3Millis > 0, "connection '" + id + "' t3Millis must be positive");
        } else if (type == ConnectionType.MQTT) {
            Checks.require(host, "connection '" + id + "' host");
            port = port == null ? 1883 : port;
            clientId = clientId == null ? "openenos-edge-" + id : clientId;
        } else {
            Checks.require(endpointUrl, "connection '" + id + "' endpointUrl");
            securityPolicy = securityPolicy == null ? "None" : securityPolicy;
            messageSecurityMode = messageSecurityMode == null ? "None" : messageSecurityMode;
            pkiDirectory = pkiDirectory == null ? "data/opcua-pki" : pkiDirectory;
            Checks.check(securityPolicy.equals("None") == messageSecurityMode.equals("None"), "connection '" + id
                    + "': securityPolicy None goes with messageSecurityMode None, a secured policy with Sign or"
                    + " SignAndEncrypt");
            Checks.check(java.util.Set.of("None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss")
                    .contains(securityPolicy), "connection '" + id + "' has unknown securityPolicy " + securityPolicy);
            Checks.check(java.util.Set.of("None", "Sign", "SignAndEncrypt").contains(messageSecurityMode),
                    "connection '" + id + "' has unknown messageSecurityMode " + messageSecurityMode);
        }
        Checks.check(timeoutMillis > 0, "connection '" + id + "' timeoutMillis must be positive");
    }
}
