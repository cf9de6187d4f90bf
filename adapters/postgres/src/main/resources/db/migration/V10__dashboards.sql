-- Dashboards of the portal: widgets kept as one JSON document, shared within the organization.
CREATE TABLE dashboards (
    dashboard_id TEXT PRIMARY KEY,
    org_id       TEXT        NOT NULL REFERENCES organizations (org_id) ON DELETE CASCADE,
    name         TEXT        NOT NULL,
    body         JSONB       NOT NULL,
    version      BIGINT      NOT NULL,
    create_time  TIMESTAMPTZ NOT NULL,
    update_time  TIMESTAMPTZ NOT NULL
);
CREATE INDEX dashboards_by_org ON dashboards (org_id, name);
