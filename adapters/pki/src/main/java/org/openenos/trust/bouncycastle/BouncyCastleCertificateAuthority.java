package org.openenos.trust.bouncycastle;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.security.SecretCipher;
import org.openenos.trust.CertificateAuthority;
import org.openenos.trust.IssuedCertificateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded certificate authority (ADR 0040): one RSA and one ECC CA per installation, created on first start in
 * the key directory with their private keys encrypted under the server key. The server's own TLS certificate is
 * issued by the RSA CA on first start unless one is configured. Revocations are held in memory for the TLS
 * handshake and written to the store.
 */
public final class BouncyCastleCertificateAuthority implements CertificateAuthority {
    private static final Logger LOG = LoggerFactory.getLogger(BouncyCastleCertificateAuthority.class);
    public static final int MAX_VALID_DAYS = 7300;
    private static final Duration CA_VALIDITY = Duration.ofDays(365L * 30);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(825);

    private final Map<KeyType, X509Certificate> caCertificates = new EnumMap<>(KeyType.class);
    private final Map<KeyType, PrivateKey> caKeys = new EnumMap<>(KeyType.class);
    private final IssuedCertificateStore store;
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final KeyMaterial serverIdentity;
    private final KeyMaterial eccServerIdentity;

    /**
     * @param keyDir          where the CA and server key files live (created owner-only)
     * @param serverIdentity  a configured server certificate, or null to use (and on first start issue) our own
     */
    public BouncyCastleCertificateAuthority(Path keyDir, SecretCipher cipher, IssuedCertificateStore store,
                                            KeyMaterial serverIdentity, Clock clock) {
        this.store = store;
        this.clock = clock;
        try {
            for (KeyType type : KeyType.values()) {
                loadOrCreateCa(keyDir, cipher, type);
            }
            this.serverIdentity = serverIdentity != null ? serverIdentity
                    : loadOrCreateServer(keyDir, cipher, KeyType.RSA);
            // ECC devices offer only ECDHE-ECDSA suites: unless the configured identity already has an EC key, our
            // ECC CA issues a second server certificate for them
            this.eccServerIdentity = this.serverIdentity.privateKey().getAlgorithm().equals("EC") ? null
                    : loadOrCreateServer(keyDir, cipher, KeyType.ECC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the certificate authority in " + keyDir, e);
        }
        revoked.addAll(store.revokedSerialNumbers());
    }

    /** Reads a configured server certificate chain and private key (PEM files, the key unencrypted). */
    public static KeyMaterial readServerIdentity(Path certificateChain, Path privateKey) {
        try {
            return new KeyMaterial(KeyFiles.parsePrivate(Files.readString(privateKey)),
                    KeyFiles.readCertificates(Files.readString(certificateChain)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configured TLS certificate or key", e);
        }
    }

    private void loadOrCreateCa(Path dir, SecretCipher cipher, KeyType type) throws IOException {
        String base = "device-ca-" + type.name().toLowerCase(java.util.Locale.ROOT);
        Path keyFile = dir.resolve(base + ".key.enc");
        Path certFile = dir.resolve(base + ".crt");
        if (!Files.exists(keyFile) || !Files.exists(certFile)) {
            KeyPair keys = Certificates.keyPair(type);
            X500Name name = new X500Name("CN=OpenEnOS Device CA " + type + ",O=OpenEnOS");
            try {
                KeyFiles.writeCertificate(certFile, Certificates.selfSignedCa(name, keys, CA_VALIDITY));
            } catch (Exception e) {
                throw new IOException("cannot create the " + type + " CA certificate", e);
            }
            KeyFiles.writePrivate(keyFile, keys.getPrivate(), cipher);
            LOG.info("Created the {} device certificate authority in {}", type, dir);
        }
        caKeys.put(type, KeyFiles.readPrivate(keyFile, cipher));
        caCertificates.put(type, KeyFiles.readCertificates(Files.readString(certFile)).getFirst());
    }

    private KeyMaterial loadOrCreateServer(Path dir, SecretCipher cipher, KeyType type) throws IOException {
        String base = type == KeyType.RSA ? "server-tls" : "server-tls-" + type.name().toLowerCase(java.util.Locale.ROOT);
        Path keyFile = dir.resolve(base + ".key.enc");
        Path certFile = dir.resolve(base + ".crt");
        if (!Files.exists(keyFile) || !Files.exists(certFile)) {
            KeyPair keys = Certificates.keyPair(type);
            List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            try {
                names.add(new GeneralName(GeneralName.dNSName, InetAddress.getLocalHost().getHostName()));
            } catch (IOException e) {
                LOG.debug("No host name for the server certificate: {}", e.toString());
            }
            Instant now = clock.instant();
            try {
                KeyFiles.writeCertificate(certFile, Certificates.endEntity(caCertificates.get(type),
                        caKeys.get(type), new X500Name("CN=OpenEnOS device gateway,O=OpenEnOS"),
                        keys.getPublic(), Certificates.serial(), now.minus(Certificates.BACKDATE),
                        now.plus(SERVER_VALIDITY), true, names));
            } catch (Exception e) {
                throw new IOException("cannot create the server TLS certificate", e);
            }
            KeyFiles.writePrivate(keyFile, keys.getPrivate(), cipher);
            LOG.info("Created the server TLS certificate {}", certFile);
        }
        X509Certificate leaf = KeyFiles.readCertificates(Files.readString(certFile)).getFirst();
        return new KeyMaterial(KeyFiles.readPrivate(keyFile, cipher), List.of(leaf, caCertificates.get(type)));
    }

    @Override
    public IssuedCertificate issue(Subject device, String csrPem, int validDays, KeyType type) {
        return issue(device, csrPem, validDays, type, false);
    }

    @Override
    public IssuedCertificate issueNamedForDevice(Subject device, String csrPem, int validDays, KeyType type) {
        return issue(device, csrPem, validDays, type, true);
    }

    private IssuedCertificate issue(Subject device, String csrPem, int validDays, KeyType type, boolean deviceNamed) {
        if (validDays < 1 || validDays > MAX_VALID_DAYS) {
            throw OpenEnosException.badArgument("validDay: must be between 1 and " + MAX_VALID_DAYS);
        }
        JcaPKCS10CertificationRequest csr = parseCsr(csrPem);
        PublicKey key = checkedKey(csr, type);
        X500Name subject = deviceNamed || csr.getSubject().getRDNs().length == 0
                ? new org.bouncycastle.asn1.x500.X500NameBuilder().addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN,
                device.deviceKey()).build() : csr.getSubject();
        Instant now = clock.instant();
        Instant notAfter = now.plus(Duration.ofDays(validDays));
        try {
            X509Certificate certificate = Certificates.endEntity(caCertificates.get(type), caKeys.get(type),
                    subject, key, Certificates.serial(), now.minus(Certificates.BACKDATE), notAfter, false,
                    List.of());
            IssuedCertificate issued = new IssuedCertificate(certificate.getSerialNumber().toString(16), device, type,
                    KeyFiles.pem(certificate), now.minus(Certificates.BACKDATE), notAfter, null);
            store.save(issued);
            LOG.info("Issued {} certificate {} for device {}/{}", type, issued.serialNumber(), device.productKey(),
                    device.deviceKey());
            return issued;
        } catch (Exception e) {
            throw new OpenEnosException(ErrorCode.INTERNAL, "the certificate could not be signed", e);
        }
    }

    private static JcaPKCS10CertificationRequest parseCsr(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new OpenEnosException(ErrorCode.CERTIFICATE_INVALID_CSR, "csr: a PEM certificate request is required");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            if (!(parser.readObject() instanceof PKCS10CertificationRequest request)) {
                throw new OpenEnosException(ErrorCode.CERTIFICATE_INVALID_CSR, "csr: not a PEM certificate request");
            }
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(request);
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getPublicKey()))) {
                throw new OpenEnosException(ErrorCode.CERTIFICATE_INVALID_CSR, "csr: its signature does not verify");
            }
            return csr;
        } catch (OpenEnosException e) {
            throw e;
        } catch (Exception e) {
            throw new OpenEnosException(ErrorCode.CERTIFICATE_INVALID_CSR, "csr: unreadable (" + e.getMessage() + ")");
        }
    }

    private static PublicKey checkedKey(JcaPKCS10CertificationRequest csr, KeyType type) {
        PublicKey key;
        try {
            key = csr.getPublicKey();
        } catch (Exception e) {
            throw new OpenEnosException(ErrorCode.CERTIFICATE_INVALID_CSR, "csr: unsupported public key");
        }
        boolean rsa = key.getAlgorithm().equals("RSA");
        if (type == KeyType.RSA && !rsa || type == KeyType.ECC && !key.getAlgorithm().equals("EC")) {
            throw new OpenEnosException(ErrorCode.CERTIFICATE_INVALID_CSR, "csr: its " + key.getAlgorithm()
                    + " key does not match issueAuthority " + type);
        }
        if (rsa && ((RSAPublicKey) key).getModulus().bitLength() < 2048) {
            throw new OpenEnosException(ErrorCode.CERTIFICATE_INVALID_CSR, "csr: RSA keys need at least 2048 bits");
        }
        return key;
    }

    @Override
    public String caCertificatePem(KeyType type) {
        return KeyFiles.pem(caCertificates.get(type));
    }

    @Override
    public List<IssuedCertificate> list(String orgId, String assetId) {
        return store.list(orgId, assetId);
    }

    @Override
    public Optional<IssuedCertificate> find(String orgId, String serialNumber) {
        return store.find(normalize(serialNumber)).filter(c -> c.device().orgId().equals(orgId));
    }

    @Override
    public IssuedCertificate revoke(String orgId, String serialNumber) {
        IssuedCertificate certificate = find(orgId, serialNumber).orElseThrow(() ->
                OpenEnosException.notFound(ErrorCode.CERTIFICATE_NOT_FOUND, "certificate " + serialNumber));
        if (!certificate.revoked()) {
            store.revoke(certificate.serialNumber(), clock.instant());
            revoked.add(certificate.serialNumber());
            LOG.info("Revoked certificate {} of device {}/{}", certificate.serialNumber(),
                    certificate.device().productKey(), certificate.device().deviceKey());
        }
        return store.find(certificate.serialNumber()).orElseThrow();
    }

    @Override
    public boolean isRevoked(String serialNumber) {
        return revoked.contains(normalize(serialNumber));
    }

    @Override
    public boolean issuedFor(String assetId, String serialNumber) {
        String serial = normalize(serialNumber);
        return !revoked.contains(serial)
                && store.find(serial).filter(c -> c.device().assetId().equals(assetId)).isPresent();
    }

    @Override
    public List<X509Certificate> trustAnchors() {
        return List.copyOf(caCertificates.values());
    }

    @Override
    public KeyMaterial serverIdentity() {
        return serverIdentity;
    }

    @Override
    public List<KeyMaterial> serverIdentities() {
        return eccServerIdentity == null ? List.of(serverIdentity) : List.of(serverIdentity, eccServerIdentity);
    }

    /** Serial numbers are compared as lower-case hex without leading zeros, however a caller writes them. */
    static String normalize(String serial) {
        if (serial == null) {
            return "";
        }
        try {
            return new java.math.BigInteger(serial.trim().replace(":", ""), 16).toString(16);
        } catch (NumberFormatException e) {
            return serial.trim().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
