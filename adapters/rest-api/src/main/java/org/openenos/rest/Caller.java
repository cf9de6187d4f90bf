package org.openenos.rest;

import org.openenos.model.identity.Role;

/**
 * Who is calling the API: a signed-in user (bearer token) or an application (apim token scheme).
 * {@code orgId} is null for the super-administrator, who may act in any organization.
 */
public record Caller(Kind kind, String id, String name, String orgId, Role role) {
    public enum Kind { USER, APPLICATION }

    public boolean isSuperAdmin() {
        return role == Role.SUPER_ADMIN;
    }
}
