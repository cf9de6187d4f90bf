-- Field configurations of edge gateways kept in the cloud (issue 21, ADR 0059): every saved version, and per gateway
-- the version pushed last, the version the edge reports running and its last status report.
CREATE TABLE edge_config_versions (
    org_id      TEXT NOT NULL,
    asset_id    TEXT NOT NULL,
    version     BIGINT NOT NULL,
    content     TEXT NOT NULL,
    author      TEXT,
    comment     TEXT,
    create_time TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (asset_id, version)
);

CREATE TABLE edge_gateway_states (
    asset_id        TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL,
    desired_version BIGINT,
    pushed_at       TIMESTAMPTZ,
    applied_version BIGINT,
    config_error    TEXT,
    status          JSONB,
    reported_at     TIMESTAMPTZ
);
