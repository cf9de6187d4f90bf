-- Alerting: rules, their catalog (severities, types, contents), active and history alerts, and the evaluation
-- state (pending trigger delays, no-data clocks) that must survive a restart. Records are JSONB documents with the
-- columns that searches filter on pulled out.

CREATE TABLE alert_rules (
    org_id      TEXT NOT NULL,
    rule_id     TEXT NOT NULL,
    model_id    TEXT NOT NULL,
    body        JSONB NOT NULL,
    update_time TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, rule_id)
);

CREATE TABLE alert_catalog (
    kind   TEXT NOT NULL,
    org_id TEXT NOT NULL,
    id     TEXT NOT NULL,
    body   JSONB NOT NULL,
    PRIMARY KEY (kind, org_id, id)
);

CREATE TABLE active_alerts (
    event_id       TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL,
    rule_id        TEXT NOT NULL,
    asset_id       TEXT NOT NULL,
    model_id       TEXT NOT NULL,
    measurepoint_id TEXT,
    severity_id    TEXT,
    occur_time     BIGINT NOT NULL,
    body           JSONB NOT NULL
);
-- At most one active alert per rule and asset: raising twice (a replay, a restart) cannot duplicate it.
CREATE UNIQUE INDEX active_alerts_rule_asset ON active_alerts (org_id, rule_id, asset_id);
CREATE INDEX active_alerts_org_time ON active_alerts (org_id, occur_time DESC);

CREATE TABLE history_alerts (
    event_id       TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL,
    rule_id        TEXT NOT NULL,
    asset_id       TEXT NOT NULL,
    model_id       TEXT NOT NULL,
    measurepoint_id TEXT,
    severity_id    TEXT,
    occur_time     BIGINT NOT NULL,
    body           JSONB NOT NULL
);
CREATE INDEX history_alerts_org_time ON history_alerts (org_id, occur_time DESC);
CREATE INDEX history_alerts_org_asset ON history_alerts (org_id, asset_id, occur_time DESC);

CREATE TABLE alert_rule_state (
    org_id        TEXT NOT NULL,
    rule_id       TEXT NOT NULL,
    asset_id      TEXT NOT NULL,
    pending_since BIGINT,
    last_seen     BIGINT,
    PRIMARY KEY (org_id, rule_id, asset_id)
);

-- Notifications that failed after every retry, kept so operators can see and replay them.
CREATE TABLE alert_dead_letters (
    id          BIGSERIAL PRIMARY KEY,
    org_id      TEXT NOT NULL,
    rule_id     TEXT,
    event_id    TEXT,
    channel     TEXT NOT NULL,
    target      TEXT NOT NULL,
    attempts    INT NOT NULL,
    last_error  TEXT,
    payload     TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL
);
CREATE INDEX alert_dead_letters_org ON alert_dead_letters (org_id, create_time DESC);
