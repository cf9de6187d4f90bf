package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;

/**
 * Two-way TLS on the gateway's TLS port with certificates from the certificates API, applied for with a CSR made
 * here the way a device would make it.
 */
class CertificateTlsTest extends ConnectivityTestBase {
    private static final String CERTS = "/connect-service/v2.0/certificates";

    private record Credentials(KeyPair keys, String certificatePem, String serial) {
    }

    @Test
    void aDeviceLogsInOverTlsWithItsIssuedCertificateAndNotAfterRevocation() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "tls_ok", true, 1).getFirst();
        Credentials credentials = apply(t, d, rsa(), "RSA", "CN=" + d.deviceKey());
        SSLSocketFactory ssl = tls(credentials);
        try (MqttTestDevice device = MqttTestDevice.connectTls(gateway.tlsPort(), ssl, d.productKey(), d.deviceKey(),
                d.deviceSecret())) {
            String topic = d.topic("thing/measurepoint/post");
            device.publish(topic, request("1", "thing.measurepoint.post", "{\"measurepoints\":{\"power\":3.5}}"));
            assertThat(device.next(topic + "_reply").path("code").asInt()).isEqualTo(200);
        }
        var log = t.app().post("/connect-service/v2.1/device-connection-events", Map.of("action", "search", "orgId",
                t.orgId()), Map.of("assetId", d.assetId(), "eventType", "ONLINE"));
        assertThat(log.data().get(0).path("transport").asString()).isEqualTo("MQTT+TLS");

        var listed = t.app().post(CERTS, Map.of("action", "list", "orgId", t.orgId(), "assetId", d.assetId()), null);
        assertThat(listed.data()).hasSize(1);
        assertThat(listed.data().get(0).path("status").asString()).isEqualTo("valid");
        try (MqttTestDevice open = MqttTestDevice.connectTls(gateway.tlsPort(), ssl, d.productKey(), d.deviceKey(),
                d.deviceSecret())) {
            var revoked = t.app().post(CERTS, Map.of("action", "revoke", "orgId", t.orgId(), "assetId",
                    d.assetId()), Map.of("certSn", credentials.serial()));
            assertThat(revoked.data().path("status").asString()).as(revoked.toString()).isEqualTo("revoked");
            // the open connection made with the certificate ends too, not only the next login
            Await.atMost(Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(20))
                    .lastOf(open::isConnected, connected -> !connected);
            assertThat(open.isConnected()).isFalse();
        }
        assertThatThrownBy(() -> MqttTestDevice.connectTls(gateway.tlsPort(), ssl, d.productKey(), d.deviceKey(),
                d.deviceSecret()).close()).isInstanceOf(MqttException.class);
    }

    @Test
    void anEccDeviceOfferingOnlyEcdheEcdsaSuitesGetsTheEccServerCertificateAndLogsIn() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "tls_ecc", true, 1).getFirst();
        Credentials credentials = apply(t, d, ec(), "ECC", "CN=" + d.deviceKey());
        // what the EnOS SDK's ECC mode offers (reference §1.3): ECDHE-ECDSA only, trusting the ECC CA only
        SSLSocketFactory ssl = tls(credentials, "ecc", new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"}, "TLSv1.2");
        try (MqttTestDevice device = MqttTestDevice.connectTls(gateway.tlsPort(), ssl, d.productKey(), d.deviceKey(),
                d.deviceSecret())) {
            String topic = d.topic("thing/measurepoint/post");
            device.publish(topic, request("1", "thing.measurepoint.post", "{\"measurepoints\":{\"power\":4.5}}"));
            assertThat(device.next(topic + "_reply").path("code").asInt()).isEqualTo(200);
        }
        // an RSA device on the same port still gets the RSA certificate, in TLS 1.2 and in TLS 1.3 (where its
        // signature schemes list ECDSA first)
        DeviceInfo r = devices(t, "tls_rsa_beside_ecc", true, 1).getFirst();
        Credentials rsaCredentials = apply(t, r, rsa(), "RSA", "CN=" + r.deviceKey());
        for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
            try (MqttTestDevice device = MqttTestDevice.connectTls(gateway.tlsPort(), tls(rsaCredentials, "rsa", null,
                    protocol), r.productKey(), r.deviceKey(), r.deviceSecret())) {
                assertThat(device.isConnected()).as(protocol).isTrue();
            }
        }
    }

    @Test
    void revokingACertificateDisconnectsAnOpenMqtt5TlsSessionWithAdministrativeAction() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "tls_v5", true, 1).getFirst();
        Credentials credentials = apply(t, d, ec(), "ECC", "CN=" + d.deviceKey());
        CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();
        String ts = String.valueOf(System.currentTimeMillis());
        MqttAsyncClient client = new MqttAsyncClient("ssl://127.0.0.1:" + gateway.tlsPort(), d.deviceKey()
                + "|securemode=2,signmethod=sha256,timestamp=" + ts + "|", new MemoryPersistence());
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                disconnected.complete(response);
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(d.deviceKey() + "&" + d.productKey());
        options.setPassword(DeviceSigner.sign(Map.of("clientId", d.deviceKey(), "deviceKey", d.deviceKey(),
                "productKey", d.productKey(), "timestamp", ts), d.deviceSecret(), SignMethod.SHA256)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        options.setSocketFactory(tls(credentials));
        options.setHttpsHostnameVerificationEnabled(false);
        options.setAutomaticReconnect(false);
        try {
            client.connect(options).waitForCompletion(10_000);
            assertThat(client.isConnected()).isTrue();
            var revoked = t.app().post(CERTS, Map.of("action", "revoke", "orgId", t.orgId(), "assetId",
                    d.assetId()), Map.of("certSn", credentials.serial()));
            assertThat(revoked.ok()).as(revoked.toString()).isTrue();
            MqttDisconnectResponse response = disconnected.get(5, TimeUnit.SECONDS);
            assertThat(response.getReturnCode()).isEqualTo(0x98);
            assertThat(response.getReasonString()).contains("revoked");
        } finally {
            client.close(true);
        }
    }

    @Test
    void mqttOverSecureWebSocketWorksWithoutAClientCertificateButNotForTwoWayProducts() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "wss_ok", false, 1).getFirst();
        SSLSocketFactory serverTrustOnly = tls(null);
        try (MqttTestDevice device = MqttTestDevice.connectWebSocket(gateway.webSocketPort(), serverTrustOnly,
                d.productKey(), d.deviceKey(), d.deviceSecret())) {
            String topic = d.topic("thing/measurepoint/post");
            device.publish(topic, request("3", "thing.measurepoint.post", "{\"measurepoints\":{\"power\":1.5}}"));
            assertThat(device.next(topic + "_reply").path("code").asInt()).isEqualTo(200);
        }
        DeviceInfo twoWay = devices(t, "wss_tls", true, 1).getFirst();
        assertThatThrownBy(() -> MqttTestDevice.connectWebSocket(gateway.webSocketPort(), serverTrustOnly,
                twoWay.productKey(), twoWay.deviceKey(), twoWay.deviceSecret()).close())
                .isInstanceOf(MqttException.class);
        Credentials credentials = apply(t, twoWay, rsa(), "RSA", "CN=" + twoWay.deviceKey());
        MqttTestDevice.connectWebSocket(gateway.webSocketPort(), tls(credentials), twoWay.productKey(),
                twoWay.deviceKey(), twoWay.deviceSecret()).close();
    }

    @Test
    void aProductWithTwoWayAuthenticationIsRefusedOnThePlainPort() {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "tls_plain", true, 1).getFirst();
        assertThatThrownBy(() -> connect(d).close()).isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    }

    @Test
    void oneDevicesCertificateDoesNotLogAnotherDeviceIn() throws Exception {
        Tenant t = newTenant();
        var both = devices(t, "tls_bind", true, 2);
        DeviceInfo owner = both.get(0);
        DeviceInfo other = both.get(1);
        // the CN names nobody: the binding comes from the serial number recorded at issue time
        Credentials credentials = apply(t, owner, ec(), "ECC", "CN=meter-hardware-42");
        SSLSocketFactory ssl = tls(credentials);
        MqttTestDevice.connectTls(gateway.tlsPort(), ssl, owner.productKey(), owner.deviceKey(), owner.deviceSecret())
                .close();
        assertThatThrownBy(() -> MqttTestDevice.connectTls(gateway.tlsPort(), ssl, other.productKey(), other.deviceKey(),
                other.deviceSecret()).close()).isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    }

    @Test
    void aCsrWhoseKeyDoesNotMatchTheIssueAuthorityIsRefused() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "tls_csr", true, 1).getFirst();
        var mismatch = t.app().post(CERTS, Map.of("action", "apply", "orgId", t.orgId(), "assetId", d.assetId()),
                Map.of("csr", csr(ec(), "CN=" + d.deviceKey()), "issueAuthority", "RSA"));
        assertThat(mismatch.status()).isEqualTo(400);
        var garbage = t.app().post(CERTS, Map.of("action", "apply", "orgId", t.orgId(), "assetId", d.assetId()),
                Map.of("csr", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"));
        assertThat(garbage.status()).isEqualTo(400);
        Tenant other = newTenant();
        var foreign = other.app().post(CERTS, Map.of("action", "apply", "orgId", other.orgId(), "assetId",
                d.assetId()), Map.of("csr", csr(rsa(), "CN=x")));
        assertThat(foreign.status()).isEqualTo(404);
    }

    private Credentials apply(Tenant t, DeviceInfo d, KeyPair keys, String authority, String subject) throws Exception {
        var r = t.app().post(CERTS, Map.of("action", "apply", "orgId", t.orgId(), "productKey", d.productKey(),
                "deviceKey", d.deviceKey()), Map.of("csr", csr(keys, subject), "validDay", 30, "issueAuthority",
                authority));
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.data().path("issueAuthority").asString()).isEqualTo(authority);
        assertThat(r.data().path("caCert").asString()).startsWith("-----BEGIN CERTIFICATE-----");
        return new Credentials(keys, r.data().path("cert").asString(), r.data().path("certSn").asString());
    }

    /**
     * A client TLS context: the device key and certificate (none when {@code credentials} is null), trusting the
     * platform CA fetched from its public URL.
     */
    private SSLSocketFactory tls(Credentials credentials) throws Exception {
        return tls(credentials, "rsa", null, "TLSv1.2");
    }

    /** As above, trusting the platform CA of the given key type, the client offering only {@code suites} if set. */
    private SSLSocketFactory tls(Credentials credentials, String caType, String[] suites, String protocol)
            throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        String caPem = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base()
                + "/pki/device-ca-" + caType + ".pem")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Certificate ca = x509.generateCertificate(new java.io.ByteArrayInputStream(caPem.getBytes()));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (credentials != null) {
            Certificate leaf = x509.generateCertificate(new java.io.ByteArrayInputStream(credentials.certificatePem()
                    .getBytes()));
            keys.setKeyEntry("device", credentials.keys().getPrivate(), "pw".toCharArray(), new Certificate[]{leaf});
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "pw".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        if (suites == null && protocol.equals("TLSv1.2")) {
            return context.getSocketFactory();
        }
        javax.net.ssl.SSLParameters parameters = context.getSupportedSSLParameters();
        parameters.setCipherSuites(suites != null ? suites : context.getDefaultSSLParameters().getCipherSuites());
        parameters.setProtocols(new String[] {protocol});
        return new ConfiguredSocketFactory(context.getSocketFactory(), parameters);
    }

    /** Applies fixed SSL parameters (offered suites and protocols) to every socket, as a constrained device would. */
    private static final class ConfiguredSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final javax.net.ssl.SSLParameters parameters;

        ConfiguredSocketFactory(SSLSocketFactory delegate, javax.net.ssl.SSLParameters parameters) {
            this.delegate = delegate;
            this.parameters = parameters;
        }

        private java.net.Socket configured(java.net.Socket socket) {
            ((javax.net.ssl.SSLSocket) socket).setSSLParameters(parameters);
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return parameters.getCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return parameters.getCipherSuites();
        }

        @Override
        public java.net.Socket createSocket(java.net.Socket s, String host, int port, boolean autoClose)
                throws java.io.IOException {
            return configured(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            return configured(delegate.createSocket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            return configured(delegate.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort)
                throws java.io.IOException {
            return configured(delegate.createSocket(host, port, local, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            return configured(delegate.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress local,
                                            int localPort) throws java.io.IOException {
            return configured(delegate.createSocket(address, port, local, localPort));
        }
    }

    private static String csr(KeyPair keys, String subject) throws Exception {
        String algorithm = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        }
        return out.toString();
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

}
