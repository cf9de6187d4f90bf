package org.openenos.trust;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.openenos.trust.CertificateAuthority.IssuedCertificate;

/** Issued certificates in memory, for tests and database-less runs. */
public final class InMemoryIssuedCertificateStore implements IssuedCertificateStore {
    private final Map<String, IssuedCertificate> certificates = new ConcurrentHashMap<>();

    @Override
    public void save(IssuedCertificate certificate) {
        certificates.put(certificate.serialNumber(), certificate);
    }

    @Override
    public Optional<IssuedCertificate> find(String serialNumber) {
        return Optional.ofNullable(certificates.get(serialNumber));
    }

    @Override
    public List<IssuedCertificate> list(String orgId, String assetId) {
        return certificates.values().stream()
                .filter(c -> c.device().orgId().equals(orgId) && (assetId == null || c.device().assetId().equals(assetId)))
                .sorted(Comparator.comparing(IssuedCertificate::notBefore).reversed()).toList();
    }

    @Override
    public void revoke(String serialNumber, Instant at) {
        certificates.computeIfPresent(serialNumber, (k, c) -> c.revoked() ? c : new IssuedCertificate(
                c.serialNumber(), c.device(), c.issueAuthority(), c.certificatePem(), c.notBefore(), c.notAfter(), at));
    }

    @Override
    public Set<String> revokedSerialNumbers() {
        return certificates.values().stream().filter(IssuedCertificate::revoked)
                .map(IssuedCertificate::serialNumber).collect(Collectors.toSet());
    }
}
