package org.openenos.edge.config;

/**
 * How the edge reaches the cloud. {@code tls} selects mutual TLS with the edge's own certificate (reference §1.4);
 * {@code provisioning} instead lets the edge obtain its certificate by itself (ADR 0053). Timeouts are in milliseconds;
 * reconnects back off from {@code reconnectMinMillis}, doubling up to the cap {@code reconnectMaxMillis} (default 5 s).
 */
public record CloudConfig(String host, Integer port, String signMethod, Integer requestTimeoutMillis,
                          Integer reconnectMinMillis, Integer reconnectMaxMillis, Integer maxBatchItems,
                          TlsConfig tls, ProvisioningConfig provisioning) {
    public static final int DEFAULT_RECONNECT_MAX_MILLIS = 5_000;

    public CloudConfig {
        host = host == null ? "localhost" : host;
        port = port == null ? 11883 : port;
        signMethod = signMethod == null ? "sha256" : signMethod;
        requestTimeoutMillis = requestTimeoutMillis == null ? 30_000 : requestTimeoutMillis;
        reconnectMinMillis = reconnectMinMillis == null ? 1_000 : reconnectMinMillis;
        // The cap bounds how long the edge stays away after the cloud is back: a few seconds, not a minute.
        reconnectMaxMillis = reconnectMaxMillis == null ? DEFAULT_RECONNECT_MAX_MILLIS : reconnectMaxMillis;
        maxBatchItems = maxBatchItems == null ? 500 : maxBatchItems;
        Checks.check(port > 0 && port < 65536, "cloud.port must be 1..65535");
        Checks.check(reconnectMinMillis > 0, "cloud.reconnectMinMillis must be positive");
        Checks.check(reconnectMaxMillis >= reconnectMinMillis, "cloud.reconnectMaxMillis must be >= reconnectMinMillis");
        Checks.check(maxBatchItems > 0, "cloud.maxBatchItems must be positive");
        Checks.check(provisioning == null || tls == null || !tls.enabled(),
                "cloud.tls and cloud.provisioning exclude each other: provisioning writes its own key store");
    }

    public static CloudConfig defaults() {
        return new CloudConfig(null, null, null, null, null, null, null, null, null);
    }

    /** Mutual TLS material: PKCS#12 key store with the edge key and certificate, trust store with the cloud CA. */
    public record TlsConfig(boolean enabled, String keyStore, String keyStorePassword, String trustStore,
                            String trustStorePassword) {
    }
}
