package org.openenos.connectivity.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openenos.registry.postgres.Sql;
import org.openenos.trust.CertificateAuthority.IssuedCertificate;
import org.openenos.trust.CertificateAuthority.KeyType;
import org.openenos.trust.CertificateAuthority.Subject;
import org.openenos.trust.IssuedCertificateStore;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Issued device certificates in table {@code device_certificates} (migration V42). */
public final class PostgresIssuedCertificateStore implements IssuedCertificateStore {
    private final JdbcClient jdbc;

    public PostgresIssuedCertificateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(IssuedCertificate c) {
        jdbc.sql("""
                INSERT INTO device_certificates (serial_number, org_id, asset_id, product_key, device_key,
                    issue_authority, certificate_pem, not_before, not_after, revoke_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(c.serialNumber(), c.device().orgId(), c.device().assetId(), c.device().productKey(),
                        c.device().deviceKey(), c.issueAuthority().name(), c.certificatePem(), Sql.ts(c.notBefore()),
                        Sql.ts(c.notAfter()), Sql.ts(c.revokeTime()))
                .update();
    }

    @Override
    public Optional<IssuedCertificate> find(String serialNumber) {
        return jdbc.sql("SELECT * FROM device_certificates WHERE serial_number = ?").param(serialNumber)
                .query(PostgresIssuedCertificateStore::map).optional();
    }

    @Override
    public List<IssuedCertificate> list(String orgId, String assetId) {
        return jdbc.sql("SELECT * FROM device_certificates WHERE org_id = ? AND (CAST(? AS TEXT) IS NULL OR asset_id = ?)"
                        + " ORDER BY not_before DESC, serial_number")
                .params(orgId, assetId, assetId).query(PostgresIssuedCertificateStore::map).list();
    }

    @Override
    public void revoke(String serialNumber, Instant at) {
        jdbc.sql("UPDATE device_certificates SET revoke_time = ? WHERE serial_number = ? AND revoke_time IS NULL")
                .params(Sql.ts(at), serialNumber).update();
    }

    @Override
    public Set<String> revokedSerialNumbers() {
        return new HashSet<>(jdbc.sql("SELECT serial_number FROM device_certificates WHERE revoke_time IS NOT NULL")
                .query(String.class).list());
    }

    private static IssuedCertificate map(ResultSet rs, int row) throws SQLException {
        return new IssuedCertificate(rs.getString("serial_number"), new Subject(rs.getString("org_id"),
                rs.getString("asset_id"), rs.getString("product_key"), rs.getString("device_key")),
                KeyType.valueOf(rs.getString("issue_authority")), rs.getString("certificate_pem"),
                Sql.instant(rs, "not_before"), Sql.instant(rs, "not_after"), Sql.instant(rs, "revoke_time"));
    }
}
