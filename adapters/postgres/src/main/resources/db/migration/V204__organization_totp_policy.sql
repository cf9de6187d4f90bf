-- Organizations whose local accounts must sign in with TOTP (ADR 0034).
CREATE TABLE organization_totp_policy (
    org_id       TEXT PRIMARY KEY REFERENCES organizations (org_id) ON DELETE CASCADE,
    required     BOOLEAN NOT NULL,
    update_time  TIMESTAMPTZ NOT NULL
);
