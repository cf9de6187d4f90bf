package org.openenos.model.identity;

/** What a principal may do inside its organization; super-admin spans all organizations. */
public enum Role {
    SUPER_ADMIN, ORG_ADMIN, OPERATOR, VIEWER;

    public boolean canWrite() {
        return this != VIEWER;
    }

    public boolean canAdministerOrg() {
        return this == SUPER_ADMIN || this == ORG_ADMIN;
    }
}
