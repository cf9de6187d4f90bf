package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.edge.app.EdgeApplication;
import org.openenos.edge.app.provisioning.Provisioner;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edge.modbus.ModbusSimulator;
import org.openenos.protocol.CertificateRequestSign;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.openenos.testkit.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Zero-touch provisioning of an edge against the real server (ADR 0053): started with only the product key and
 * secret and its serial number, it activates itself, obtains its certificate, sends over mutual TLS only, renews,
 * and once its certificate is revoked it stays out.
 */
class EdgeProvisioningTest extends ServerTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    ApplicationContext applicationContext;

    @Test
    void anEdgeActivatesItselfGetsACertificateAndSendsOverMutualTlsUntilItIsRevoked() throws Exception {
        Tenant t = newTenant();
        createModel(t);
        String[] gatewayProduct = product(t, "Gateway", true);
        String meterPk = product(t, "Device", false)[0];
        String serial = "edge-sn-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode gateway = device(t, gatewayProduct[0], serial);
        JsonNode meter = device(t, meterPk, null);
        MqttGateway mqtt = applicationContext.getBean(MqttGateway.class);
        Path dir = Files.createTempDirectory("edge-provisioning");
        try (ModbusSimulator slave = new ModbusSimulator(0).countReadsAt(0).start()) {
            String yaml = """
                    gateway: {productKey: %s, productSecret: %s, serialNumber: %s}
                    cloud:
                      host: 127.0.0.1
                      port: %d
                      reconnectMinMillis: 200
                      reconnectMaxMillis: 500
                      requestTimeoutMillis: 5000
                      provisioning: {url: "%s", tlsPort: %d, keyType: EC, validDays: 30}
                    buffer: {directory: "%s"}
                    status: {port: -1}
                    connections:
                      - {id: plc, type: MODBUS_TCP, host: 127.0.0.1, port: %d}
                    devices:
                      - id: meter
                        connection: plc
                        productKey: %s
                        deviceKey: %s
                        deviceSecret: %s
                        pollIntervalMillis: 100
                        points: [{id: c, area: HOLDING_REGISTER, address: 0, type: UINT16}]
                        template: {measurepoints: [{measurepoint: count, input: c}]}
                    """.formatted(gatewayProduct[0], gatewayProduct[1], serial, mqtt.port(), base(), mqtt.tlsPort(),
                    dir.resolve("buffer").toString().replace("\\", "/"), slave.port(), meterPk,
                    meter.path("deviceKey").asString(), meter.path("deviceSecret").asString());
            EdgeConfig config = new EdgeConfigLoader().parse(new ByteArrayInputStream(yaml.getBytes(
                    StandardCharsets.UTF_8)), "edge.yaml");

            String firstSerial;
            try (EdgeApplication edge = EdgeApplication.start(config)) {
                await(() -> edge.runtime().status().cloudState().equals("online"));
                assertThat(Files.readString(dir.resolve("device-secret")).trim())
                        .as("the secret the server pushed at activation").isNotBlank();
                for (String file : new String[] {"device-secret", "identity.p12"}) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))))
                            .as(file).isEqualTo("rw-------");
                }
                Provisioner provisioner = edge.provisioner().orElseThrow();
                X509Certificate certificate = provisioner.identity().orElseThrow().certificate();
                assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + serial);
                assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
                firstSerial = provisioner.identity().orElseThrow().serialNumber();
                assertThat(certificates(t, gateway)).containsEntry(firstSerial, "valid").hasSize(1);
                assertThat(transports(t, gateway)).as("the gateway's logins").contains("MQTT+TLS");
                await(() -> stored(t, meter) > 3);

                String renewed = provisioner.renewNow();
                assertThat(renewed).isNotEqualTo(firstSerial);
                assertThat(certificates(t, gateway)).containsEntry(firstSerial, "valid")
                        .containsEntry(renewed, "valid");
            }
            String current;
            try (EdgeApplication edge = EdgeApplication.start(config)) {
                await(() -> edge.runtime().status().cloudState().equals("online"));
                current = edge.provisioner().orElseThrow().identity().orElseThrow().serialNumber();
                assertThat(current).as("the renewed certificate is kept across a restart").isNotEqualTo(firstSerial);
                long before = stored(t, meter);
                await(() -> stored(t, meter) > before);
            }

            var revoked = t.app().post("/connect-service/v2.0/certificates", Map.of("action", "revoke", "orgId",
                    t.orgId(), "assetId", gateway.path("assetId").asString()), Map.of("certSn", current));
            assertThat(revoked.ok()).as(revoked.toString()).isTrue();
            try (EdgeApplication edge = EdgeApplication.start(config)) {
                await(() -> edge.runtime().status().cloudState().startsWith("disconnected"));
                long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();  // several attempts
                while (System.nanoTime() < until) {
                    assertThat(edge.runtime().status().cloudState()).as("a revoked edge stays out")
                            .doesNotStartWith("online");
                    Thread.sleep(20);
                }
                assertThat(certificates(t, gateway)).as("and cannot issue itself a new certificate")
                        .hasSize(2).containsEntry(current, "revoked");
            }
        }
    }

    @Test
    void aDeviceGetsACertificateOnlyForItselfAndOnlyOnceWithoutProofOfItsKey() throws Exception {
        Tenant t = newTenant();
        createModel(t);
        String pk = product(t, "Device", false)[0];
        JsonNode a = device(t, pk, null);
        JsonNode b = device(t, pk, null);
        KeyPair keys = ec();
        String csrNamingB = csr(keys, "CN=" + b.path("deviceKey").asString());

        JsonNode forB = selfService(pk, b.path("deviceKey").asString(), a.path("deviceSecret").asString(), "apply",
                csrNamingB, null, null);
        assertThat(forB.path("code").asInt()).as("signed with another device's secret").isEqualTo(742);

        JsonNode own = selfService(pk, a.path("deviceKey").asString(), a.path("deviceSecret").asString(), "apply",
                csrNamingB, null, null);
        assertThat(own.path("code").asInt()).as(own.toString()).isEqualTo(200);
        X509Certificate issued = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(own.path("data").path("cert").asString().getBytes(StandardCharsets.US_ASCII)));
        assertThat(issued.getSubjectX500Principal().getName()).as("the CSR's name is ignored")
                .isEqualTo("CN=" + a.path("deviceKey").asString());

        JsonNode again = selfService(pk, a.path("deviceKey").asString(), a.path("deviceSecret").asString(), "apply",
                csr(ec(), "CN=x"), null, null);
        assertThat(again.path("code").asInt()).as("a second certificate without proof").isEqualTo(99403);

        String certSn = own.path("data").path("certSn").asString();
        JsonNode wrongProof = selfService(pk, a.path("deviceKey").asString(), a.path("deviceSecret").asString(),
                "renew", csr(ec(), "CN=x"), certSn, ec());
        assertThat(wrongProof.path("code").asInt()).as("renewal signed with a key that is not the certificate's")
                .isEqualTo(99403);
        JsonNode renewed = selfService(pk, a.path("deviceKey").asString(), a.path("deviceSecret").asString(),
                "renew", csr(ec(), "CN=x"), certSn, keys);
        assertThat(renewed.path("code").asInt()).as(renewed.toString()).isEqualTo(200);
    }

    private JsonNode selfService(String pk, String dk, String secret, String action, String csr, String certSn,
                                 KeyPair proofKey) throws Exception {
        String timestamp = Long.toString(System.currentTimeMillis());
        String sign = DeviceSigner.sign(CertificateRequestSign.params(pk, dk, timestamp, "sha256", csr, certSn),
                secret, SignMethod.SHA256);
        Map<String, Object> body = new LinkedHashMap<>(Map.of("timestamp", timestamp, "signMethod", "sha256",
                "sign", sign, "csr", csr, "issueAuthority", "ECC", "validDay", 10));
        if (certSn != null) {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(proofKey.getPrivate());
            signer.update(sign.getBytes(StandardCharsets.UTF_8));
            body.put("certSn", certSn);
            body.put("proof", Base64.getEncoder().encodeToString(signer.sign()));
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/device-certificates/"
                        + pk + "/" + dk + "?action=" + action)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return ApiClient.JSON.readTree(response.body());
    }

    private static void createModel(Tenant t) {
        Map<String, Object> model = Map.of("modelId", "edge_meter", "name", Map.of("defaultValue", "Meter"),
                "measurepoints", Map.of("count", Map.of("identifier", "count", "name", Map.of("defaultValue", "Count"),
                        "dataType", "DOUBLE", "signalType", "AI", "hasQuality", true)),
                "attributes", Map.of(), "services", Map.of(), "events", Map.of());
        assertThat(t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                model).ok()).isTrue();
    }

    /** {productKey, productSecret}. */
    private static String[] product(Tenant t, String type, boolean dynamic) {
        var r = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "edge " + type), "productType", type,
                        "dataFormat", "Json", "modelId", "edge_meter", "dynamicActivateEnabled", dynamic));
        assertThat(r.ok()).as(r.toString()).isTrue();
        String productKey = r.data().asString();
        var got = t.app().post("/connect-service/v2.1/products", Map.of("action", "get", "orgId", t.orgId(),
                "productKey", productKey), null);
        return new String[] {productKey, got.data().path("productSecret").asString()};
    }

    private static JsonNode device(Tenant t, String productKey, String deviceKey) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("productKey", productKey,
                "deviceName", Map.of("defaultValue", "d")));
        if (deviceKey != null) {
            body.put("deviceKey", deviceKey);
        }
        var r = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()), body);
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data();
    }

    /** Serial number to status of the device's certificates. */
    private static Map<String, String> certificates(Tenant t, JsonNode device) {
        var r = t.app().post("/connect-service/v2.0/certificates", Map.of("action", "list", "orgId", t.orgId(),
                "assetId", device.path("assetId").asString()), null);
        assertThat(r.ok()).as(r.toString()).isTrue();
        Map<String, String> out = new LinkedHashMap<>();
        r.data().forEach(c -> out.put(c.path("certSn").asString(), c.path("status").asString()));
        return out;
    }

    private static String transports(Tenant t, JsonNode device) {
        var r = t.app().post("/connect-service/v2.1/device-connection-events", Map.of("action", "search", "orgId",
                t.orgId()), Map.of("assetId", device.path("assetId").asString(), "eventType", "ONLINE"));
        assertThat(r.ok()).as(r.toString()).isTrue();
        StringBuilder out = new StringBuilder();
        r.data().forEach(e -> out.append(e.path("transport").asString()).append(' '));
        return out.toString();
    }

    private static long stored(Tenant t, JsonNode device) {
        var r = t.app().post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), Map.of("modelId", "edge_meter",
                "assetIds", device.path("assetId").asString(), "pointIds", "count",
                "startTime", "2000-01-01T00:00:00Z", "endTime", "2100-01-01T00:00:00Z", "pageSize", 100_000));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data().path("items").size();
    }

    private static String csr(KeyPair keys, String subject) throws Exception {
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        }
        return out.toString();
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static void await(BooleanSupplier condition) {
        Await.atMost(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(50))
                .until("condition", condition::getAsBoolean);
    }
}
