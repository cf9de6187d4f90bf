package org.openenos.connectivity.mqtt;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS listener of the gateway (reference §1.2: port 18883): the server's keys and chains, and the trust manager
 * that judges device certificates. Client certificates are required and only TLS 1.2 and 1.3 with AEAD cipher
 * suites are offered.
 *
 * @param port          18883 by default; 0 picks a free port
 * @param identities    the server's key and chain per key type (RSA first); the handshake picks the one whose key
 *                      type the client's offered suites and signature algorithms accept, so an ECC-only device
 *                      (ECDHE-ECDSA suites) gets the ECC certificate and every other device the RSA one
 * @param webSocketPort MQTT over secure WebSocket (18885; path {@code /mqtt}); a client certificate is optional
 *                      there and, when presented, judged and bound as on the TLS port; -1 disables it
 */
public record MqttTls(int port, List<ServerKey> identities, X509TrustManager trust, int webSocketPort) {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /**
     * AEAD suites with forward secrecy only: TLS 1.3's three and their TLS 1.2 ECDHE counterparts. The JDK's defaults
     * for TLS 1.2 still include CBC suites with HMAC-SHA1 (Lucky13-style padding oracles, SHA-1); no device SDK
     * needs them (Mozilla "intermediate" profile). In the server's order of preference: ECDHE with the RSA
     * certificate before ECDHE with the ECC one, so only a client that offers no RSA suite is given the ECC one.
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

    /** One key of the server with its certificate chain (leaf first). */
    public record ServerKey(PrivateKey privateKey, List<X509Certificate> chain) {
        public ServerKey {
            chain = List.copyOf(chain);
        }
    }

    public MqttTls {
        identities = List.copyOf(identities);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("the TLS listener needs at least one server key");
        }
    }

    public MqttTls(int port, PrivateKey privateKey, List<X509Certificate> chain, X509TrustManager trust,
                   int webSocketPort) {
        this(port, List.of(new ServerKey(privateKey, chain)), trust, webSocketPort);
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
            return SslContextBuilder.forServer(keyManager())
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

    /**
     * The JDK's key manager chooses among several keys by the key type the handshake asks for ("NewSunX509" also
     * prefers a certificate that is valid now and fits the server role), which is what serving RSA and ECC devices
     * on one port needs.
     */
    private javax.net.ssl.KeyManager keyManager() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            for (int i = 0; i < identities.size(); i++) {
                ServerKey key = identities.get(i);
                store.setKeyEntry("server-" + i + "-" + key.privateKey().getAlgorithm(), key.privateKey(), password,
                        key.chain().toArray(X509Certificate[]::new));
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance("NewSunX509");
            factory.init(store, password);
            return new RsaFirstKeyManager((javax.net.ssl.X509ExtendedKeyManager) factory.getKeyManagers()[0]);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load the server keys of the MQTT gateway", e);
        }
    }
}
