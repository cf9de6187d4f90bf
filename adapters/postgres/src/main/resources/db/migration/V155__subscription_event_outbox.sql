-- Device events and connection changes on their way into the subscriptions' logs (ADR 0081): written before the
-- event store or the device's connection state records them, deleted once the logs hold them. Rows left by a crash
-- are appended when the node starts again. The fields are kept as text, in their order (JSONB would reorder them).
CREATE TABLE subscription_event_outbox (
    id         BIGSERIAL PRIMARY KEY,
    node_id    TEXT NOT NULL,
    org_id     TEXT NOT NULL,
    model_id   TEXT,
    asset_id   TEXT NOT NULL,
    fields     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX subscription_event_outbox_node ON subscription_event_outbox (node_id, id);
