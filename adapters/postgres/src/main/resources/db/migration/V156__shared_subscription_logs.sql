-- Subscription logs shared by several server nodes (ADR 0082); used only with openenos.cluster.enabled=true. A
-- single node keeps its logs in files under <data-dir>/subscriptions.

-- Per partition of a subscription's log: the oldest kept offset and the offset the next append gets. Appenders lock
-- the row, so offsets are given in commit order and a reader never sees a gap that fills later.
CREATE TABLE subscription_log_partitions (
    sub_id       TEXT    NOT NULL,
    partition    INTEGER NOT NULL,
    first_offset BIGINT  NOT NULL DEFAULT 0,
    next_offset  BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (sub_id, partition)
);

CREATE TABLE subscription_log_messages (
    sub_id      TEXT    NOT NULL,
    partition   INTEGER NOT NULL,
    msg_offset  BIGINT  NOT NULL,
    append_time BIGINT  NOT NULL,
    msg_key     TEXT    NOT NULL,
    msg_value   TEXT    NOT NULL,
    PRIMARY KEY (sub_id, partition, msg_offset)
);

-- The last consumed offset per consumer group and partition (what the SDKs commit).
CREATE TABLE subscription_group_offsets (
    sub_id        TEXT    NOT NULL,
    grp           TEXT    NOT NULL,
    partition     INTEGER NOT NULL,
    last_consumed BIGINT  NOT NULL,
    PRIMARY KEY (sub_id, grp, partition)
);

-- Connected consumers of every node; a member not seen for the member time-to-live is dropped.
CREATE TABLE subscription_group_members (
    sub_id    TEXT        NOT NULL,
    grp       TEXT        NOT NULL,
    member_id TEXT        NOT NULL,
    node_id   TEXT        NOT NULL,
    joined_at TIMESTAMPTZ NOT NULL,
    seen_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (sub_id, grp, member_id)
);

-- Which member holds which partition of a group: one at a time.
CREATE TABLE subscription_partition_owners (
    sub_id    TEXT    NOT NULL,
    grp       TEXT    NOT NULL,
    partition INTEGER NOT NULL,
    member_id TEXT    NOT NULL,
    PRIMARY KEY (sub_id, grp, partition)
);
