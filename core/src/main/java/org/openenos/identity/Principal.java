package org.openenos.identity;

import org.openenos.model.identity.Role;

/**
 * An authenticated caller: a user or an application, acting in {@code orgId} (null: super-admin) with a built-in
 * {@code role} and the {@link Grants} it holds (its role assignments, or else its built-in role org-wide).
 */
public record Principal(Kind kind, String id, String name, String orgId, Role role, Grants grants) {
    public enum Kind { USER, APPLICATION }

    public Principal {
        grants = grants == null ? Grants.of(role) : grants;
    }

    public Principal(Kind kind, String id, String name, String orgId, Role role) {
        this(kind, id, name, orgId, role, Grants.of(role));
    }

    public boolean isSuperAdmin() {
        return role == Role.SUPER_ADMIN;
    }

    public Principal withGrants(Grants newGrants) {
        return new Principal(kind, id, name, orgId, role, newGrants);
    }
}
