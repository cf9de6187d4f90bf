package org.openenos.trust.bouncycastle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.error.OpenEnosException;
import org.openenos.security.SecretCipher;
import org.openenos.trust.CertificateAuthority;
import org.openenos.trust.CertificateAuthority.KeyType;
import org.openenos.trust.InMemoryIssuedCertificateStore;

class BouncyCastleCertificateAuthorityTest {
    private static final CertificateAuthority.Subject DEVICE = new CertificateAuthority.Subject("o1", "asset1", "pk",
            "dk");

    @TempDir
    Path dir;

    private BouncyCastleCertificateAuthority open(InMemoryIssuedCertificateStore store) {
        return new BouncyCastleCertificateAuthority(dir, SecretCipher.fromKeyFile(dir.resolve("secrets.key")), store,
                null, Clock.systemUTC());
    }

    @Test
    void theCaIsCreatedOnceWithEncryptedOwnerOnlyKeysAndReloadedAfterARestart() throws Exception {
        var first = open(new InMemoryIssuedCertificateStore());
        var second = open(new InMemoryIssuedCertificateStore());
        assertThat(second.caCertificatePem(KeyType.RSA)).isEqualTo(first.caCertificatePem(KeyType.RSA));
        assertThat(second.caCertificatePem(KeyType.ECC)).isEqualTo(first.caCertificatePem(KeyType.ECC));
        Path key = dir.resolve("device-ca-ecc.key.enc");
        assertThat(Files.readString(key)).startsWith("v1:").doesNotContain("PRIVATE KEY");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE));
        assertThat(second.serverIdentity().chain().getFirst()).isEqualTo(first.serverIdentity().chain().getFirst());
    }

    @Test
    void anIssuedCertificateChainsToTheCaAndIsRefusedOnceRevoked() throws Exception {
        var store = new InMemoryIssuedCertificateStore();
        var ca = open(store);
        var issued = ca.issue(DEVICE, csr(rsa(2048)), 30, KeyType.RSA);
        X509Certificate leaf = KeyFiles.readCertificates(issued.certificatePem()).getFirst();
        var trust = new DeviceTrustManager(ca);
        trust.checkClientTrusted(new X509Certificate[]{leaf}, "RSA");
        assertThat(ca.issuedFor("asset1", issued.serialNumber())).isTrue();
        assertThat(ca.issuedFor("asset2", issued.serialNumber())).isFalse();
        ca.revoke("o1", issued.serialNumber());
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[]{leaf}, "RSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("revoked");
        assertThat(open(store).isRevoked(issued.serialNumber())).as("revocations survive a restart").isTrue();
    }

    @Test
    void aServerCertificateIsNotAcceptedAsADeviceCertificateFromAnotherCa() throws Exception {
        var ca = open(new InMemoryIssuedCertificateStore());
        Path other = Files.createDirectory(dir.resolve("other"));
        var foreign = new BouncyCastleCertificateAuthority(other, SecretCipher.fromKeyFile(other.resolve("k")),
                new InMemoryIssuedCertificateStore(), null, Clock.systemUTC());
        X509Certificate stranger = KeyFiles.readCertificates(foreign.issue(DEVICE, csr(rsa(2048)), 30, KeyType.RSA)
                .certificatePem()).getFirst();
        assertThatThrownBy(() -> new DeviceTrustManager(ca).checkClientTrusted(new X509Certificate[]{stranger}, "RSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void weakOrMismatchedKeysAreRefused() throws Exception {
        var ca = open(new InMemoryIssuedCertificateStore());
        assertThatThrownBy(() -> ca.issue(DEVICE, csr(rsa(1024)), 30, KeyType.RSA))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("2048");
        assertThatThrownBy(() -> ca.issue(DEVICE, csr(rsa(2048)), 30, KeyType.ECC))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("issueAuthority");
        assertThatThrownBy(() -> ca.issue(DEVICE, csr(rsa(2048)), 0, KeyType.RSA))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("validDay");
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static String csr(KeyPair keys) throws Exception {
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=dk"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        }
        return out.toString();
    }
}
