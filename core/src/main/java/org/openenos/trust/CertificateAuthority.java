package org.openenos.trust;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The installation's certificate authority for devices (reference §1.4, ADR 0040): it issues device certificates
 * from CSRs, keeps the list of what it issued and revoked, and supplies the trust anchors and the server identity of
 * the TLS listeners. Behind an interface so that an external CA or an HSM-held key can replace the embedded one.
 */
public interface CertificateAuthority {

    /** EnOS {@code issueAuthority}: the key type of the CA that signs, which must match the CSR's key. */
    enum KeyType { RSA, ECC }

    /** The device a certificate is issued for. */
    record Subject(String orgId, String assetId, String productKey, String deviceKey) {
    }

    /** One certificate the CA issued; {@code serialNumber} is lower-case hex. */
    record IssuedCertificate(String serialNumber, Subject device, KeyType issueAuthority, String certificatePem,
                             Instant notBefore, Instant notAfter, Instant revokeTime) {
        public boolean revoked() {
            return revokeTime != null;
        }
    }

    /** A private key with its certificate chain, leaf first. */
    record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {
        public KeyMaterial {
            chain = List.copyOf(chain);
        }
    }

    /**
     * Issues a certificate from a PEM CSR; the CSR's signature is checked and its key must match {@code type}.
     *
     * @throws org.openenos.error.OpenEnosException {@code CERTIFICATE_INVALID_CSR} for an unusable CSR
     */
    IssuedCertificate issue(Subject device, String csrPem, int validDays, KeyType type);

    /**
     * Like {@link #issue}, but the certificate's subject is {@code CN=<deviceKey>} whatever the CSR names: used when
     * the device itself applies (ADR 0053), so that no device obtains a certificate naming another one.
     */
    IssuedCertificate issueNamedForDevice(Subject device, String csrPem, int validDays, KeyType type);

    String caCertificatePem(KeyType type);

    List<IssuedCertificate> list(String orgId, String assetId);

    Optional<IssuedCertificate> find(String orgId, String serialNumber);

    /** Revokes a certificate; TLS handshakes with it fail from now on. Revoking twice keeps the first time. */
    IssuedCertificate revoke(String orgId, String serialNumber);

    boolean isRevoked(String serialNumber);

    /** True when this CA issued the certificate for the device and has not revoked it. */
    boolean issuedFor(String assetId, String serialNumber);

    /** The CA certificates a device certificate must chain to. */
    List<X509Certificate> trustAnchors();

    /** The key and certificate the TLS listeners present to devices. */
    KeyMaterial serverIdentity();

    /**
     * Every identity the TLS listeners offer, one per key type: a device whose TLS stack offers only ECDHE-ECDSA
     * suites (the EnOS SDKs' ECC mode) gets the ECC certificate, the others the RSA one (reference §1.3).
     */
    default List<KeyMaterial> serverIdentities() {
        return List.of(serverIdentity());
    }
}
