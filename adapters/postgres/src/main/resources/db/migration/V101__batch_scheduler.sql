-- The persistent scheduler of batch workflows (db-scheduler's PostgreSQL table, under a name of our own): one row
-- per scheduled execution, picked with a heartbeat, so one node runs it and a dead node's runs are taken over.
CREATE TABLE batch_scheduled_tasks (
    task_name             TEXT NOT NULL,
    task_instance         TEXT NOT NULL,
    task_data             BYTEA,
    execution_time        TIMESTAMPTZ NOT NULL,
    picked                BOOLEAN NOT NULL,
    picked_by             TEXT,
    last_success          TIMESTAMPTZ,
    last_failure          TIMESTAMPTZ,
    consecutive_failures  INTEGER,
    last_heartbeat        TIMESTAMPTZ,
    version               BIGINT NOT NULL,
    priority              SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX batch_scheduled_tasks_execution_time ON batch_scheduled_tasks (execution_time);
CREATE INDEX batch_scheduled_tasks_last_heartbeat ON batch_scheduled_tasks (last_heartbeat);
CREATE INDEX batch_scheduled_tasks_priority ON batch_scheduled_tasks (priority DESC, execution_time ASC);
