package org.openenos.edge.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeIdentityTest {
    @TempDir
    Path dir;

    @Test
    void renewalIsDueOnceTheConfiguredFractionOfTheValidityHasPassed() throws Exception {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        EdgeIdentity identity = identity(from, from.plusSeconds(300 * 86_400L));
        assertThat(identity.renewalDue(from.plusSeconds(199 * 86_400L), 2.0 / 3)).isFalse();
        assertThat(identity.renewalDue(from.plusSeconds(200 * 86_400L), 2.0 / 3)).isTrue();
        assertThat(identity.expired(from.plusSeconds(299 * 86_400L))).isFalse();
        assertThat(identity.expired(from.plusSeconds(300 * 86_400L))).isTrue();
    }

    @Test
    void theIdentityIsStoredOwnerOnlyAndReadBackOnlyWithTheDeviceSecret() throws Exception {
        Instant now = Instant.now();
        EdgeIdentity identity = identity(now, now.plusSeconds(86_400));
        IdentityStore store = new IdentityStore(dir.resolve("identity.p12"));
        store.save(identity, "device-secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        EdgeIdentity loaded = store.load("device-secret").orElseThrow();
        assertThat(loaded.serialNumber()).isEqualTo(identity.serialNumber());
        assertThat(loaded.trusted()).hasSize(1);
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(identity.privateKey().getEncoded());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.load("another-secret"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("wrong device secret");
    }

    private static EdgeIdentity identity(Instant from, Instant to) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=EDGE-1");
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.valueOf(42), Date.from(from), Date.from(to), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return new EdgeIdentity(keys.getPrivate(), certificate, List.of(certificate));
    }
}
