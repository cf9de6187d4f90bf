-- Batch processing: workflow definitions (tasks and relations as JSON), their runs (flow instances, with the
-- definition they ran), task instances and task logs. Status columns hold the EnOS instance status codes.
CREATE TABLE batch_workflows (
    flow_id         BIGSERIAL PRIMARY KEY,
    org_id          TEXT NOT NULL,
    name            TEXT NOT NULL,
    description     TEXT,
    cron            TEXT,
    cycle           TEXT,
    active          BOOLEAN NOT NULL,
    parameters      JSONB NOT NULL DEFAULT '{}',
    tasks           JSONB NOT NULL,
    relations       JSONB NOT NULL DEFAULT '[]',
    upstream_flows  JSONB NOT NULL DEFAULT '[]',
    next_fire_time  TIMESTAMPTZ,
    create_time     TIMESTAMPTZ NOT NULL,
    update_time     TIMESTAMPTZ NOT NULL
);
CREATE INDEX batch_workflows_org ON batch_workflows (org_id, create_time);

CREATE TABLE batch_flow_instances (
    instance_id   BIGSERIAL PRIMARY KEY,
    flow_id       BIGINT NOT NULL REFERENCES batch_workflows (flow_id) ON DELETE CASCADE,
    org_id        TEXT NOT NULL,
    flow_name     TEXT NOT NULL,
    status        INTEGER NOT NULL,
    status_desc   TEXT,
    trigger_time  TIMESTAMPTZ NOT NULL,
    cal_dt        DATE NOT NULL,
    parameters    JSONB NOT NULL DEFAULT '{}',
    definition    JSONB NOT NULL,
    create_time   TIMESTAMPTZ NOT NULL,
    start_time    TIMESTAMPTZ,
    end_time      TIMESTAMPTZ
);
CREATE INDEX batch_flow_instances_flow ON batch_flow_instances (flow_id, status, trigger_time);
CREATE INDEX batch_flow_instances_org ON batch_flow_instances (org_id, trigger_time);

CREATE TABLE batch_task_instances (
    task_inst_id  BIGSERIAL PRIMARY KEY,
    instance_id   BIGINT NOT NULL REFERENCES batch_flow_instances (instance_id) ON DELETE CASCADE,
    task_name     TEXT NOT NULL,
    kind          TEXT NOT NULL,
    status        INTEGER NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    progress      INTEGER NOT NULL DEFAULT 0,
    message       TEXT,
    start_time    TIMESTAMPTZ,
    end_time      TIMESTAMPTZ,
    UNIQUE (instance_id, task_name)
);

CREATE TABLE batch_task_logs (
    line_id       BIGSERIAL PRIMARY KEY,
    task_inst_id  BIGINT NOT NULL REFERENCES batch_task_instances (task_inst_id) ON DELETE CASCADE,
    log_time      TIMESTAMPTZ NOT NULL,
    line          TEXT NOT NULL
);
CREATE INDEX batch_task_logs_task ON batch_task_logs (task_inst_id, line_id);
