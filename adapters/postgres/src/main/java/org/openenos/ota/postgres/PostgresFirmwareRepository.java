package org.openenos.ota.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openenos.ota.Firmware;
import org.openenos.ota.FirmwareRepository;
import org.openenos.registry.postgres.Json;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Firmware metadata in table {@code ota_firmwares} (migration V90). */
public final class PostgresFirmwareRepository implements FirmwareRepository {
    private final JdbcClient jdbc;

    public PostgresFirmwareRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(Firmware f) {
        jdbc.sql("""
                INSERT INTO ota_firmwares (firmware_id, org_id, product_key, name, version, sign_method, sign, md5,
                    sha256, file_size, min_version, description, tags, create_time, enable_verification,
                    max_allowed_for_verification, min_success_for_verified, verified)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?, ?, ?, ?, ?)""")
                .params(f.firmwareId(), f.orgId(), f.productKey(), f.name(), f.version(), f.signMethod(), f.sign(),
                        f.md5(), f.sha256(), f.fileSize(), f.minVersion(), f.desc(), Json.write(f.tags()),
                        Sql.ts(f.createTime()), f.verification().enabled(), f.verification().maxAllowed(),
                        f.verification().minSuccess(), f.verification().verified())
                .update();
    }

    @Override
    public Optional<Firmware> find(String orgId, String firmwareId) {
        return jdbc.sql("SELECT * FROM ota_firmwares WHERE org_id = ? AND firmware_id = ?")
                .params(orgId, firmwareId).query(PostgresFirmwareRepository::row).optional();
    }

    @Override
    public Optional<Firmware> findVersion(String orgId, String productKey, String version) {
        return jdbc.sql("SELECT * FROM ota_firmwares WHERE org_id = ? AND product_key = ? AND version = ?")
                .params(orgId, productKey, version).query(PostgresFirmwareRepository::row).optional();
    }

    @Override
    public List<Firmware> search(Query q) {
        List<Object> params = new ArrayList<>();
        String where = where(q, params);
        params.add(q.offset());
        params.add(q.limit());
        return jdbc.sql("SELECT * FROM ota_firmwares" + where + " ORDER BY create_time DESC, firmware_id OFFSET ? LIMIT ?")
                .params(params).query(PostgresFirmwareRepository::row).list();
    }

    @Override
    public long count(Query q) {
        List<Object> params = new ArrayList<>();
        String where = where(q, params);
        return jdbc.sql("SELECT count(*) FROM ota_firmwares" + where).params(params).query(Long.class).single();
    }

    @Override
    public boolean delete(String orgId, String firmwareId) {
        return jdbc.sql("DELETE FROM ota_firmwares WHERE org_id = ? AND firmware_id = ?").params(orgId, firmwareId)
                .update() > 0;
    }

    @Override
    public boolean markVerified(String orgId, String firmwareId) {
        return jdbc.sql("UPDATE ota_firmwares SET verified = TRUE WHERE org_id = ? AND firmware_id = ? AND NOT verified")
                .params(orgId, firmwareId).update() > 0;
    }

    private static String where(Query q, List<Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE org_id = ?");
        params.add(q.orgId());
        if (q.productKey() != null) {
            sql.append(" AND product_key = ?");
            params.add(q.productKey());
        }
        if (q.version() != null) {
            sql.append(" AND version = ?");
            params.add(q.version());
        }
        return sql.toString();
    }

    private static Firmware row(ResultSet rs, int i) throws SQLException {
        return new Firmware(rs.getString("firmware_id"), rs.getString("org_id"), rs.getString("product_key"),
                rs.getString("name"), rs.getString("version"), rs.getString("sign_method"), rs.getString("sign"),
                rs.getString("md5"), rs.getString("sha256"), rs.getLong("file_size"), rs.getString("min_version"),
                rs.getString("description"), Json.strings(rs.getString("tags")), Sql.instant(rs, "create_time"),
                new Firmware.Verification(rs.getBoolean("enable_verification"),
                        rs.getInt("max_allowed_for_verification"), rs.getInt("min_success_for_verified"),
                        rs.getBoolean("verified")));
    }
}
