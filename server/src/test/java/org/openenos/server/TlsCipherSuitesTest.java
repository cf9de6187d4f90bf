package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The MQTT TLS listeners (18883 with client certificates, 18885 WebSocket) negotiate AEAD cipher suites only: a
 * TLS 1.2 client offering nothing but CBC suites with HMAC-SHA1 is refused during the handshake.
 */
class TlsCipherSuitesTest extends ConnectivityTestBase {
    private static final String[] CBC_SHA1 = {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"};
    private static final String[] GCM = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"};

    /** Trusts any server: only the negotiation is under test here, not the server's identity. */
    private static SSLSocket socket(int port, String... suites) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        socket.setEnabledProtocols(new String[]{"TLSv1.2"});
        socket.setEnabledCipherSuites(suites);
        return socket;
    }

    @Test
    void aClientOfferingOnlyCbcSuitesIsRefusedOnBothTlsPorts() {
        for (int port : new int[]{gateway.tlsPort(), gateway.webSocketPort()}) {
            assertThatThrownBy(() -> {
                try (SSLSocket s = socket(port, CBC_SHA1)) {
                    s.startHandshake();
                }
            }).as("port " + port).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aTls12ClientOfferingGcmCompletesTheHandshake() throws Exception {
        try (SSLSocket s = socket(gateway.webSocketPort(), GCM)) {
            s.startHandshake();
            assertThat(s.getSession().getCipherSuite()).contains("_GCM_");
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }
}
