-- Batch workflows: what happens to cron firings missed while no server ran (catch_up: LAST, ALL, NONE) and to
-- runs cut by a stop or crash (on_interrupt: RETRY, RESUME, FAIL). Existing workflows keep the default behaviour.
ALTER TABLE batch_workflows ADD COLUMN catch_up TEXT NOT NULL DEFAULT 'LAST';
ALTER TABLE batch_workflows ADD COLUMN on_interrupt TEXT NOT NULL DEFAULT 'RETRY';
