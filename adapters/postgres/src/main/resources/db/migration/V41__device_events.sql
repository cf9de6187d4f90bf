-- Events that devices post (thing.event.{id}.post), validated against their model.
CREATE TABLE device_events (
    event_id      BIGSERIAL PRIMARY KEY,
    org_id        TEXT NOT NULL,
    asset_id      TEXT NOT NULL,
    product_key   TEXT,
    device_key    TEXT,
    model_id      TEXT,
    event_key     TEXT NOT NULL,
    event_type    TEXT,
    output        JSONB NOT NULL,
    event_time    TIMESTAMPTZ NOT NULL,
    receive_time  TIMESTAMPTZ NOT NULL
);
CREATE INDEX device_events_org_time ON device_events (org_id, event_time DESC);
CREATE INDEX device_events_asset_time ON device_events (asset_id, event_time DESC);

-- Devices coming online and going offline, with the address they connected from.
CREATE TABLE device_connection_events (
    id              BIGSERIAL PRIMARY KEY,
    org_id          TEXT NOT NULL,
    asset_id        TEXT NOT NULL,
    product_key     TEXT NOT NULL,
    device_key      TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    event_time      TIMESTAMPTZ NOT NULL,
    client_address  TEXT,
    transport       TEXT
);
CREATE INDEX device_connection_events_org_time ON device_connection_events (org_id, event_time DESC);
CREATE INDEX device_connection_events_asset_time ON device_connection_events (asset_id, event_time DESC);
