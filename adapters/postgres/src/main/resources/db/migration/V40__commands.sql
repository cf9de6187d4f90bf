-- Downstream commands (connect-service commands API): every state change is written through, so outcomes stay
-- queryable and commands waiting for an offline device survive a restart (ADR 0041).
CREATE TABLE device_commands (
    command_id     TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL,
    asset_id       TEXT NOT NULL,
    product_key    TEXT NOT NULL,
    device_key     TEXT NOT NULL,
    method         TEXT NOT NULL,
    topic          TEXT NOT NULL,
    input_data     JSONB,
    sync           BOOLEAN NOT NULL,
    state          SMALLINT NOT NULL,
    output_data    JSONB,
    reply_code     INTEGER,
    reply_message  TEXT,
    create_time    TIMESTAMPTZ NOT NULL,
    update_time    TIMESTAMPTZ NOT NULL,
    expire_time    TIMESTAMPTZ NOT NULL
);
CREATE INDEX device_commands_org ON device_commands (org_id, create_time DESC);
CREATE INDEX device_commands_asset ON device_commands (asset_id, create_time DESC);
-- states 1 (created) and 4 (released) are the unfinished ones
CREATE INDEX device_commands_unfinished ON device_commands (state) WHERE state IN (1, 4);
