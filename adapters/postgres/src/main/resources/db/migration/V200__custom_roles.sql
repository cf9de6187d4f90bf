-- Custom roles (sets of permissions like 'devices:read') and who holds which role over which scope.
CREATE TABLE iam_roles (
    role_id      TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations (org_id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    description  TEXT,
    permissions  TEXT[] NOT NULL,
    create_time  TIMESTAMPTZ NOT NULL,
    update_time  TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, name)
);

-- role_id is a built-in role's name or iam_roles.role_id; scope_nodes holds 'treeId/assetId' entries, empty for the
-- whole organization.
CREATE TABLE iam_role_assignments (
    org_id       TEXT NOT NULL REFERENCES organizations (org_id) ON DELETE CASCADE,
    holder_kind  TEXT NOT NULL,
    holder_id    TEXT NOT NULL,
    role_id      TEXT NOT NULL,
    scope_nodes  TEXT[] NOT NULL,
    create_time  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (holder_kind, holder_id, role_id)
);
CREATE INDEX iam_role_assignments_org ON iam_role_assignments (org_id);
CREATE INDEX iam_role_assignments_role ON iam_role_assignments (role_id);
