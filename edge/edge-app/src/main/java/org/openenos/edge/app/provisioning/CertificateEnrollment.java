package org.openenos.edge.app.provisioning;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.openenos.edge.config.ProvisioningConfig;
import org.openenos.protocol.CertificateRequestSign;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Obtains the edge's certificate from the cloud's CA (reference §1.4, ADR 0053): a new key pair, a CSR with
 * CN = serial number, and {@code POST /device-certificates/{pk}/{dk}?action=apply|renew} signed with the device
 * secret; a renewal also signs the request with the current key. The cloud CA certificates are fetched from their
 * public URLs so that the edge trusts the server's TLS certificate whichever CA signed it.
 */
public final class CertificateEnrollment {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The cloud refused the request (its code and message), as opposed to being unreachable. */
    public static final class RefusedException extends IllegalStateException {
        private final int code;

        RefusedException(int code, String message) {
            super("certificate request refused: " + code + " " + message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final ProvisioningConfig config;
    private final String productKey;
    private final String deviceKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public CertificateEnrollment(ProvisioningConfig config, String productKey, String deviceKey) {
        this.config = config;
        this.productKey = productKey;
        this.deviceKey = deviceKey;
    }

    public EdgeIdentity apply(String deviceSecret) throws IOException, InterruptedException {
        return request("apply", deviceSecret, null);
    }

    public EdgeIdentity renew(String deviceSecret, EdgeIdentity current) throws IOException, InterruptedException {
        return request("renew", deviceSecret, current);
    }

    private EdgeIdentity request(String action, String deviceSecret, EdgeIdentity current)
            throws IOException, InterruptedException {
        try {
            KeyPair keys = keyPair();
            String csr = csr(keys);
            String timestamp = Long.toString(System.currentTimeMillis());
            String certSn = current == null ? null : current.serialNumber();
            String sign = DeviceSigner.sign(CertificateRequestSign.params(productKey, deviceKey, timestamp, "sha256",
                    csr, certSn), deviceSecret, SignMethod.SHA256);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("timestamp", timestamp);
            body.put("signMethod", "sha256");
            body.put("sign", sign);
            body.put("csr", csr);
            body.put("issueAuthority", config.keyType() == ProvisioningConfig.KeyType.RSA ? "RSA" : "ECC");
            body.put("validDay", config.validDays());
            if (current != null) {
                body.put("certSn", certSn);
                body.put("proof", proof(current, sign));
            }
            JsonNode answer = post("/device-certificates/" + productKey + "/" + deviceKey + "?action=" + action, body);
            if (answer.path("code").asInt() != 200) {
                throw new RefusedException(answer.path("code").asInt(), answer.path("message").asString());
            }
            X509Certificate certificate = certificates(answer.path("data").path("cert").asString()).getFirst();
            return new EdgeIdentity(keys.getPrivate(), certificate, cloudCas());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the edge key or CSR", e);
        }
    }

    private KeyPair keyPair() throws GeneralSecurityException {
        if (config.keyType() == ProvisioningConfig.KeyType.RSA) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private String csr(KeyPair keys) throws OperatorCreationException, IOException {
        String algorithm = CertificateRequestSign.proofAlgorithm(keys.getPrivate().getAlgorithm());
        var request = new JcaPKCS10CertificationRequestBuilder(new X500NameBuilder().addRDN(BCStyle.CN, deviceKey)
                .build(), keys.getPublic()).build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        }
        return out.toString();
    }

    /** Proof that the edge still holds the key of the certificate it renews: the request's sign, signed with it. */
    private static String proof(EdgeIdentity current, String sign) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(CertificateRequestSign.proofAlgorithm(
                current.privateKey().getAlgorithm()));
        signer.initSign(current.privateKey());
        signer.update(sign.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private List<X509Certificate> cloudCas() throws IOException, InterruptedException, GeneralSecurityException {
        List<X509Certificate> cas = new ArrayList<>();
        for (String type : List.of("rsa", "ecc")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(config.url()
                    + "/pki/device-ca-" + type + ".pem")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("cloud CA " + type + ": HTTP " + response.statusCode());
            }
            cas.addAll(certificates(response.body()));
        }
        return cas;
    }

    private JsonNode post(String path, Map<String, Object> body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(config.url() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("certificate request: HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the answer");
        }
        return out;
    }
}
