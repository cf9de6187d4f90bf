-- OpenID Connect providers of an organization (ADR 0035). The client secret is stored encrypted (SecretCipher);
-- mappings is a JSON array of {group, roleId, scope:[{treeId, assetId}]}.
CREATE TABLE sso_providers (
    provider_id           TEXT PRIMARY KEY,
    org_id                TEXT NOT NULL REFERENCES organizations (org_id) ON DELETE CASCADE,
    name                  TEXT NOT NULL,
    issuer                TEXT NOT NULL,
    client_id             TEXT NOT NULL,
    client_secret         TEXT NOT NULL,
    scopes                TEXT[] NOT NULL,
    group_claim           TEXT NOT NULL,
    mappings              JSONB NOT NULL,
    enabled               BOOLEAN NOT NULL,
    create_time           TIMESTAMPTZ NOT NULL,
    update_time           TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, name)
);
CREATE INDEX sso_providers_org ON sso_providers (org_id);

-- Which provider account is which user: the subject is unique per issuer, and a provider belongs to one
-- organization, so an account of another organization's provider never resolves to a user of this one.
CREATE TABLE sso_identities (
    provider_id  TEXT NOT NULL REFERENCES sso_providers (provider_id) ON DELETE CASCADE,
    subject      TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    create_time  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider_id, subject)
);
CREATE INDEX sso_identities_user ON sso_identities (user_id);

-- Sign-ins under way between the redirect to the provider and its callback (any server node may take the callback).
-- Kept by the SHA-256 of the state; the PKCE verifier and the nonce never leave the server.
CREATE TABLE sso_pending_sign_ins (
    state_hash     TEXT PRIMARY KEY,
    provider_id    TEXT NOT NULL REFERENCES sso_providers (provider_id) ON DELETE CASCADE,
    browser_hash   TEXT NOT NULL,
    nonce          TEXT NOT NULL,
    code_verifier  TEXT NOT NULL,
    redirect_uri   TEXT NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX sso_pending_sign_ins_expiry ON sso_pending_sign_ins (expires_at);

-- Per-organization sign-in rules: local passwords can be turned off when the organization signs in through SSO.
CREATE TABLE org_sign_in_policies (
    org_id              TEXT PRIMARY KEY REFERENCES organizations (org_id) ON DELETE CASCADE,
    passwords_disabled  BOOLEAN NOT NULL,
    update_time         TIMESTAMPTZ NOT NULL
);
