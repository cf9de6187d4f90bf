package org.openenos.edge.app.provisioning;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The edge's own TLS identity: its private key and certificate, and the cloud CA certificates it trusts (those that
 * sign the server's TLS certificate and its own).
 */
public record EdgeIdentity(PrivateKey privateKey, X509Certificate certificate, List<X509Certificate> trusted) {
    public EdgeIdentity {
        trusted = List.copyOf(trusted);
    }

    /** Lower-case hex, as the server lists certificates. */
    public String serialNumber() {
        return certificate.getSerialNumber().toString(16);
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** Renewal is due once {@code fraction} of the validity period has passed. */
    public boolean renewalDue(Instant now, double fraction) {
        Instant from = certificate.getNotBefore().toInstant();
        Duration validity = Duration.between(from, notAfter());
        return !now.isBefore(from.plusMillis((long) (validity.toMillis() * fraction)));
    }

    public boolean expired(Instant now) {
        return !now.isBefore(notAfter());
    }
}
