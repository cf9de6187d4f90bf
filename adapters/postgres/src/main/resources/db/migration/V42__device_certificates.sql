-- Certificates the embedded device CA issued (ADR 0040); the serial number binds a certificate to its device.
CREATE TABLE device_certificates (
    serial_number    TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL,
    asset_id         TEXT NOT NULL,
    product_key      TEXT NOT NULL,
    device_key       TEXT NOT NULL,
    issue_authority  TEXT NOT NULL,
    certificate_pem  TEXT NOT NULL,
    not_before       TIMESTAMPTZ NOT NULL,
    not_after        TIMESTAMPTZ NOT NULL,
    revoke_time      TIMESTAMPTZ
);
CREATE INDEX device_certificates_org_asset ON device_certificates (org_id, asset_id);
CREATE INDEX device_certificates_revoked ON device_certificates (serial_number) WHERE revoke_time IS NOT NULL;
