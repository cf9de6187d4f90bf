-- Holders (users, applications) whose access is given by role assignments. Once given one, a holder never falls back
-- to its built-in role over the whole organization when its assignments are removed or their role is deleted: it
-- holds nothing until an administrator assigns a role again (ADR 0033).
CREATE TABLE iam_assignment_holders (
    holder_kind  TEXT NOT NULL,
    holder_id    TEXT NOT NULL,
    org_id       TEXT NOT NULL REFERENCES organizations (org_id) ON DELETE CASCADE,
    since        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (holder_kind, holder_id)
);

INSERT INTO iam_assignment_holders (holder_kind, holder_id, org_id, since)
SELECT holder_kind, holder_id, min(org_id), min(create_time) FROM iam_role_assignments GROUP BY holder_kind, holder_id;
