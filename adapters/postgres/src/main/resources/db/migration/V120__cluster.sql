-- Several server nodes sharing this database (ADR 0121). Unused by a single node.

-- The node registry: a node is alive while its last heartbeat is younger than the configured timeout.
CREATE TABLE cluster_nodes (
    node_id        TEXT PRIMARY KEY,
    address        TEXT,
    started_at     TIMESTAMPTZ NOT NULL,
    last_heartbeat TIMESTAMPTZ NOT NULL
);

-- The connection directory: which node holds each connected device (directly or through a gateway).
CREATE TABLE cluster_connections (
    device_key   TEXT PRIMARY KEY,
    asset_id     TEXT,
    node_id      TEXT NOT NULL,
    connected_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX cluster_connections_node ON cluster_connections (node_id);

-- Messages between nodes too large for a NOTIFY payload (8000 bytes): the notification carries the row's id.
CREATE TABLE cluster_messages (
    id         BIGSERIAL PRIMARY KEY,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ShedLock's table: scheduled work that runs once in the cluster.
CREATE TABLE shedlock (
    name       VARCHAR(64) PRIMARY KEY,
    lock_until TIMESTAMPTZ NOT NULL,
    locked_at  TIMESTAMPTZ NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);
