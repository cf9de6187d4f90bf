package org.openenos.connectivity.postgres;

import java.util.Optional;
import org.openenos.connectivity.files.DeviceFile;
import org.openenos.connectivity.files.DeviceFileStore;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Device file metadata in table {@code device_files} (migration V92). */
public final class PostgresDeviceFileStore implements DeviceFileStore {
    private final JdbcClient jdbc;

    public PostgresDeviceFileStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(DeviceFile f) {
        jdbc.sql("""
                INSERT INTO device_files (file_id, org_id, asset_id, file_name, size_bytes, md5, create_time)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(f.fileId(), f.orgId(), f.assetId(), f.fileName(), f.size(), f.md5(), Sql.ts(f.createTime()))
                .update();
    }

    @Override
    public Optional<DeviceFile> find(String fileId) {
        return jdbc.sql("SELECT * FROM device_files WHERE file_id = ?").param(fileId)
                .query((rs, i) -> new DeviceFile(rs.getString("file_id"), rs.getString("org_id"),
                        rs.getString("asset_id"), rs.getString("file_name"), rs.getLong("size_bytes"),
                        rs.getString("md5"), Sql.instant(rs, "create_time")))
                .optional();
    }

    @Override
    public boolean delete(String fileId) {
        return jdbc.sql("DELETE FROM device_files WHERE file_id = ?").param(fileId).update() > 0;
    }
}
