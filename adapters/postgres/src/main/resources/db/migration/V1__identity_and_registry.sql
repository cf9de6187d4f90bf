-- Identity: organizations, users, applications, issued tokens.
CREATE TABLE organizations (
    org_id       TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT,
    create_time  TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
    user_id        TEXT PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    org_id         TEXT REFERENCES organizations (org_id) ON DELETE CASCADE,
    role           TEXT NOT NULL,
    email          TEXT,
    enabled        BOOLEAN NOT NULL,
    password_hash  TEXT NOT NULL,
    create_time    TIMESTAMPTZ NOT NULL
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE applications (
    app_key          TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organizations (org_id) ON DELETE CASCADE,
    app_secret_enc   TEXT NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT,
    role             TEXT NOT NULL,
    create_time      TIMESTAMPTZ NOT NULL
);
CREATE INDEX applications_org ON applications (org_id);

CREATE TABLE access_tokens (
    token_hash   TEXT PRIMARY KEY,
    subject      TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX access_tokens_expiry ON access_tokens (expires_at);

CREATE TABLE used_encryptions (
    encryption   TEXT PRIMARY KEY,
    expires_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
    id       BIGSERIAL PRIMARY KEY,
    time     TIMESTAMPTZ NOT NULL,
    actor    TEXT NOT NULL,
    org_id   TEXT,
    action   TEXT NOT NULL,
    target   TEXT,
    detail   TEXT
);
CREATE INDEX audit_log_org_time ON audit_log (org_id, time DESC);

-- Registry. Public thing models have owner '' (org_id NULL in the domain).
CREATE TABLE thing_models (
    owner          TEXT NOT NULL,
    model_id       TEXT NOT NULL,
    model_id_path  TEXT NOT NULL,
    body           JSONB NOT NULL,
    create_time    TIMESTAMPTZ NOT NULL DEFAULT now(),
    update_time    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, model_id)
);

CREATE TABLE products (
    product_key          TEXT PRIMARY KEY,
    org_id               TEXT NOT NULL REFERENCES organizations (org_id) ON DELETE CASCADE,
    product_secret_enc   TEXT NOT NULL,
    model_id             TEXT NOT NULL,
    body                 JSONB NOT NULL,
    create_time          TIMESTAMPTZ NOT NULL
);
CREATE INDEX products_org ON products (org_id);

CREATE TABLE assets (
    asset_id     TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations (org_id) ON DELETE CASCADE,
    model_id     TEXT NOT NULL,
    name         JSONB NOT NULL,
    description  JSONB,
    timezone     TEXT NOT NULL,
    attributes   JSONB NOT NULL DEFAULT '{}',
    tags         JSONB NOT NULL DEFAULT '{}',
    is_device    BOOLEAN NOT NULL
);
CREATE INDEX assets_org ON assets (org_id);

CREATE TABLE devices (
    asset_id            TEXT PRIMARY KEY REFERENCES assets (asset_id) ON DELETE CASCADE,
    org_id              TEXT NOT NULL,
    product_key         TEXT NOT NULL REFERENCES products (product_key),
    device_key          TEXT NOT NULL,
    device_secret_enc   TEXT NOT NULL,
    status              TEXT NOT NULL,
    enabled             BOOLEAN NOT NULL,
    gateway_asset_id    TEXT,
    create_time         TIMESTAMPTZ NOT NULL,
    active_time         TIMESTAMPTZ,
    last_online_time    TIMESTAMPTZ,
    last_offline_time   TIMESTAMPTZ,
    UNIQUE (product_key, device_key)
);
CREATE INDEX devices_org ON devices (org_id, create_time);
CREATE INDEX devices_gateway ON devices (gateway_asset_id) WHERE gateway_asset_id IS NOT NULL;

CREATE TABLE asset_trees (
    tree_id        TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations (org_id) ON DELETE CASCADE,
    name           JSONB NOT NULL,
    root_asset_id  TEXT NOT NULL,
    tags           JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX asset_trees_org ON asset_trees (org_id);

-- One row per (tree, asset); path is the materialized '/root/.../asset' chain of asset ids.
CREATE TABLE asset_nodes (
    tree_id          TEXT NOT NULL REFERENCES asset_trees (tree_id) ON DELETE CASCADE,
    asset_id         TEXT NOT NULL REFERENCES assets (asset_id) ON DELETE CASCADE,
    parent_asset_id  TEXT,
    depth            INT NOT NULL,
    path             TEXT NOT NULL,
    PRIMARY KEY (tree_id, asset_id)
);
CREATE INDEX asset_nodes_parent ON asset_nodes (tree_id, parent_asset_id);
CREATE INDEX asset_nodes_path ON asset_nodes (tree_id, path text_pattern_ops);
CREATE INDEX asset_nodes_asset ON asset_nodes (asset_id);
