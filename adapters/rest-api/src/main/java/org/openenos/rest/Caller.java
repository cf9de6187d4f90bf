package org.openenos.rest;

import org.openenos.model.identity.Role;

/**
 * Who is calling the API: a signed-in user (bearer token) or an application (apim token scheme).
 * {@code orgId} is null for the super-administrator, who may act in any organization.
 */
public record Caller(Kind kind, String id, String name, String orgId, Role role) {
    public enum Kind { USER, APPLICATION }

    public static Caller of(org.openenos.identity.Principal p) {
        return new Caller(p.kind() == org.openenos.identity.Principal.Kind.USER ? Kind.USER : Kind.APPLICATION,
                p.id(), p.name(), p.orgId(), p.role());
    }

    public org.openenos.identity.Principal principal() {
        return new org.openenos.identity.Principal(kind == Kind.USER ? org.openenos.identity.Principal.Kind.USER
                : org.openenos.identity.Principal.Kind.APPLICATION, id, name, orgId, role);
    }

    public boolean isSuperAdmin() {
        return role == Role.SUPER_ADMIN;
    }
}
