package org.openenos.trust;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openenos.trust.CertificateAuthority.IssuedCertificate;

/** What the certificate authority issued and revoked; a database table in the server, a map in tests. */
public interface IssuedCertificateStore {
    void save(IssuedCertificate certificate);

    Optional<IssuedCertificate> find(String serialNumber);

    List<IssuedCertificate> list(String orgId, String assetId);

    void revoke(String serialNumber, Instant at);

    Set<String> revokedSerialNumbers();
}
