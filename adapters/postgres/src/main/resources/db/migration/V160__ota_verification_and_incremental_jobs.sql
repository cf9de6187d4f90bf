-- Firmware verification (enableVerification, maxAllowedForVerification, minSuccessForVerified, isVerified) and the
-- OTA job type (upgrade | verify) and policy (snapshot | incremental), enos-ota §3-4. Existing firmware needs no
-- verification and existing jobs are snapshot upgrade jobs, as before.
ALTER TABLE ota_firmwares
    ADD COLUMN enable_verification          BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN max_allowed_for_verification INT NOT NULL DEFAULT 0,
    ADD COLUMN min_success_for_verified     INT NOT NULL DEFAULT 0,
    ADD COLUMN verified                     BOOLEAN NOT NULL DEFAULT TRUE;

ALTER TABLE ota_jobs
    ADD COLUMN job_type       TEXT NOT NULL DEFAULT 'UPGRADE',
    ADD COLUMN incremental    BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX ota_jobs_incremental ON ota_jobs (org_id, product_key) WHERE incremental AND status = 'RUNNING';
