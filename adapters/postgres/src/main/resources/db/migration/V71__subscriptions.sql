-- Data subscription jobs: filter as a JSON document, the access secret sealed by the server key (never in clear),
-- an optional webhook ({url, encryptedSecret}).
-- The delivery state (logs, consumer group offsets) lives in the data directory beside the telemetry log.
CREATE TABLE subscriptions (
    sub_id           TEXT PRIMARY KEY,
    org_id           TEXT        NOT NULL REFERENCES organizations (org_id) ON DELETE CASCADE,
    name             TEXT        NOT NULL,
    sub_type         INT         NOT NULL,
    filter           JSONB       NOT NULL,
    access_key       TEXT        NOT NULL UNIQUE,
    encrypted_secret TEXT        NOT NULL,
    webhook          JSONB,
    create_time      TIMESTAMPTZ NOT NULL,
    update_time      TIMESTAMPTZ NOT NULL
);
CREATE INDEX subscriptions_by_org ON subscriptions (org_id, sub_id);
