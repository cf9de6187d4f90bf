package org.openenos.rest;

import org.openenos.identity.Grants;
import org.openenos.identity.Principal;
import org.openenos.model.identity.Role;

/**
 * Who is calling the API: a signed-in user (bearer token) or an application (apim token scheme).
 * {@code orgId} is null for the super-administrator, who may act in any organization. {@code grants} are the roles
 * it holds (its built-in role org-wide unless roles were assigned to it).
 */
public record Caller(Kind kind, String id, String name, String orgId, Role role, Grants grants) {
    public enum Kind { USER, APPLICATION }

    public Caller {
        grants = grants == null ? Grants.of(role) : grants;
    }

    public Caller(Kind kind, String id, String name, String orgId, Role role) {
        this(kind, id, name, orgId, role, Grants.of(role));
    }

    public static Caller of(Principal p) {
        return new Caller(p.kind() == Principal.Kind.USER ? Kind.USER : Kind.APPLICATION,
                p.id(), p.name(), p.orgId(), p.role(), p.grants());
    }

    public Principal principal() {
        return new Principal(kind == Kind.USER ? Principal.Kind.USER : Principal.Kind.APPLICATION, id, name, orgId,
                role, grants);
    }

    public boolean isSuperAdmin() {
        return role == Role.SUPER_ADMIN;
    }
}
