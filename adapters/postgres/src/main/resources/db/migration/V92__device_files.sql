-- Files that devices and applications upload for a device (EnOS "files"); the bytes are in the file store under
-- <org_id>/<file_id>, like firmware.
CREATE TABLE device_files (
    file_id      TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL,
    asset_id     TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    md5          TEXT NOT NULL,
    create_time  TIMESTAMPTZ NOT NULL
);
CREATE INDEX device_files_asset ON device_files (asset_id);
