-- Every release of a stream job, kept after later releases (versions of a job).
CREATE TABLE stream_job_versions (
    org_id        TEXT NOT NULL,
    pipeline_id   TEXT NOT NULL,
    version       INT NOT NULL,
    name          TEXT NOT NULL,
    template_type TEXT NOT NULL,
    config        JSONB NOT NULL,
    release_time  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, pipeline_id, version)
);
