-- One-time recovery codes of the TOTP second factor, by their SHA-256 hash; a used code is deleted.
CREATE TABLE user_recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    PRIMARY KEY (user_id, code_hash)
);
