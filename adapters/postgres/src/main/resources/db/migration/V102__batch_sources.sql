-- External JDBC sources an organization registered for SQL (data federation and sync tasks); the password is
-- encrypted with the server's secret key.
CREATE TABLE batch_sources (
    org_id        TEXT NOT NULL,
    alias         TEXT NOT NULL,
    jdbc_url      TEXT NOT NULL,
    username      TEXT NOT NULL,
    password_enc  TEXT NOT NULL,
    read_only     BOOLEAN NOT NULL,
    create_time   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, alias)
);
