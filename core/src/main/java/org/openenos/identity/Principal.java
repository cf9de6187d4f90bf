package org.openenos.identity;

import org.openenos.model.identity.Role;

/** An authenticated caller: a user or an application, acting in {@code orgId} (null: super-admin) with a role. */
public record Principal(Kind kind, String id, String name, String orgId, Role role) {
    public enum Kind { USER, APPLICATION }
}
