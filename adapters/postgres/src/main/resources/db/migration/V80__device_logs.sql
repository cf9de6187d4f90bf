-- Logs and network status reports that devices post (thing.log.post, network.status.report), kept per device up to
-- a bound by the store (oldest deleted first).
CREATE TABLE device_logs (
    id            BIGSERIAL PRIMARY KEY,
    org_id        TEXT NOT NULL,
    asset_id      TEXT NOT NULL,
    product_key   TEXT,
    device_key    TEXT,
    kind          TEXT NOT NULL,
    level         TEXT,
    module        TEXT,
    content       JSONB NOT NULL,
    log_time      TIMESTAMPTZ NOT NULL
);
CREATE INDEX device_logs_asset_id ON device_logs (asset_id, id DESC);
CREATE INDEX device_logs_org_time ON device_logs (org_id, log_time DESC);
