-- Stream jobs: the draft being edited and the released definition the engine runs, with their versions.
CREATE TABLE stream_jobs (
    pipeline_id      TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL,
    name             TEXT NOT NULL,
    template_type    TEXT NOT NULL,
    config           JSONB NOT NULL,
    released_config  JSONB,
    version          INT NOT NULL,
    released_version INT NOT NULL,
    status           TEXT NOT NULL,
    status_message   TEXT,
    create_time      TIMESTAMPTZ NOT NULL,
    update_time      TIMESTAMPTZ NOT NULL
);
CREATE INDEX stream_jobs_org ON stream_jobs (org_id, name);
CREATE INDEX stream_jobs_status ON stream_jobs (status);
