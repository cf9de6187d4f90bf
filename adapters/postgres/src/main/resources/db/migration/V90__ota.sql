-- Firmware files (metadata; the bytes are in the firmware file store), OTA jobs and their per-device tasks, and the
-- firmware version each device last reported (ota.device.inform).
CREATE TABLE ota_firmwares (
    firmware_id   TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL,
    product_key   TEXT NOT NULL,
    name          TEXT NOT NULL,
    version       TEXT NOT NULL,
    sign_method   TEXT NOT NULL,
    sign          TEXT NOT NULL,
    md5           TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    file_size     BIGINT NOT NULL,
    min_version   TEXT,
    description   TEXT,
    tags          JSONB NOT NULL DEFAULT '{}',
    create_time   TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, product_key, version)
);

CREATE TABLE ota_jobs (
    job_id        TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL,
    product_key   TEXT NOT NULL,
    firmware_id   TEXT NOT NULL,
    name          TEXT NOT NULL,
    scope         JSONB NOT NULL,
    policy        JSONB NOT NULL,
    status        TEXT NOT NULL,
    create_time   TIMESTAMPTZ NOT NULL,
    start_time    TIMESTAMPTZ,
    end_time      TIMESTAMPTZ,
    -- the node driving the job and until when; another node takes over once the lease has run out
    driver        TEXT,
    lease_until   TIMESTAMPTZ
);
CREATE INDEX ota_jobs_org ON ota_jobs (org_id, create_time DESC);
CREATE INDEX ota_jobs_status ON ota_jobs (status);
CREATE INDEX ota_jobs_firmware ON ota_jobs (org_id, firmware_id);

CREATE TABLE ota_tasks (
    task_id            TEXT PRIMARY KEY,
    job_id             TEXT NOT NULL REFERENCES ota_jobs (job_id) ON DELETE CASCADE,
    org_id             TEXT NOT NULL,
    asset_id           TEXT NOT NULL,
    product_key        TEXT NOT NULL,
    device_key         TEXT NOT NULL,
    from_version       TEXT,
    to_version         TEXT NOT NULL,
    status             TEXT NOT NULL,
    progress           INT NOT NULL,
    description        TEXT,
    attempts           INT NOT NULL,
    next_attempt_time  TIMESTAMPTZ,
    update_time        TIMESTAMPTZ NOT NULL
);
CREATE INDEX ota_tasks_job ON ota_tasks (job_id, status);
CREATE INDEX ota_tasks_asset ON ota_tasks (asset_id, update_time DESC);

CREATE TABLE ota_device_versions (
    asset_id      TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL,
    product_key   TEXT NOT NULL,
    device_key    TEXT NOT NULL,
    version       TEXT NOT NULL,
    report_time   TIMESTAMPTZ NOT NULL
);
CREATE INDEX ota_device_versions_product ON ota_device_versions (org_id, product_key);
