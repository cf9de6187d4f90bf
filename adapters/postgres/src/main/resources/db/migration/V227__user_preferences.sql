-- Per-user preferences of the portal (time zone, hour format), kept as one small JSON document per user.
CREATE TABLE user_preferences (
    user_id     TEXT PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    body        JSONB       NOT NULL,
    update_time TIMESTAMPTZ NOT NULL DEFAULT now()
);
