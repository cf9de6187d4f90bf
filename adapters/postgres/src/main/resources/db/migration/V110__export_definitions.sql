-- Scheduled exports and reports: the definitions, as JSON documents (the shape is the core record's). The runs and
-- their files are on disk under <data-dir>/reports/<org>/<run>/, each run with its record beside its files.
CREATE TABLE export_definitions (
    definition_id TEXT NOT NULL,
    org_id        TEXT NOT NULL,
    name          TEXT NOT NULL,
    body          JSONB NOT NULL,
    create_time   TIMESTAMPTZ NOT NULL,
    update_time   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, definition_id)
);
