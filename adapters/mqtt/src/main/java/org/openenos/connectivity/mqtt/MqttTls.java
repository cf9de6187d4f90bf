package org.openenos.connectivity.mqtt;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS listener of the gateway (reference §1.2: port 18883): the server's key and chain, and the trust manager
 * that judges device certificates. Client certificates are required and only TLS 1.2 and 1.3 with AEAD cipher
 * suites are offered.
 *
 * @param port          18883 by default; 0 picks a free port
 * @param webSocketPort MQTT over secure WebSocket (18885; path {@code /mqtt}); a client certificate is optional
 *                      there and, when presented, judged and bound as on the TLS port; -1 disables it
 */
public record MqttTls(int port, PrivateKey privateKey, List<X509Certificate> chain, X509TrustManager trust,
                      int webSocketPort) {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /**
     * AEAD suites with forward secrecy only: TLS 1.3's three and their TLS 1.2 ECDHE counterparts. The JDK's defaults
     * for TLS 1.2 still include CBC suites with HMAC-SHA1 (Lucky13-style padding oracles, SHA-1); no device SDK
     * needs them (Mozilla "intermediate" profile).
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    public MqttTls {
        chain = List.copyOf(chain);
    }

    public MqttTls(int port, PrivateKey privateKey, List<X509Certificate> chain, X509TrustManager trust) {
        this(port, privateKey, chain, trust, -1);
    }

    SslContext sslContext() {
        return sslContext(ClientAuth.REQUIRE);
    }

    SslContext webSocketSslContext() {
        return sslContext(ClientAuth.OPTIONAL);
    }

    private SslContext sslContext(ClientAuth clientAuth) {
        try {
            return SslContextBuilder.forServer(privateKey, chain.toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.JDK)
                    .trustManager(trust)
                    .clientAuth(clientAuth)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for the MQTT gateway", e);
        }
    }
}
