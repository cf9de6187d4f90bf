-- The optional TOTP second factor of local accounts (ADR 0034). The secret is encrypted with the server's secret
-- key (SecretCipher form), never stored in clear; last_step is the newest time step whose code was used, so that
-- a code signs in once.
CREATE TABLE user_totp (
    user_id       TEXT PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    secret        TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT FALSE,
    last_step     BIGINT NOT NULL DEFAULT -1,
    create_time   TIMESTAMPTZ NOT NULL,
    confirm_time  TIMESTAMPTZ
);
