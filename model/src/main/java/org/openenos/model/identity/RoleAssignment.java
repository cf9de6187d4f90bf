package org.openenos.model.identity;

import java.time.Instant;

/**
 * A role held by a user or an application over a scope. {@code roleId} is a built-in role's name
 * ({@code OPERATOR}) or a custom role's id. A holder with assignments acts with them instead of its built-in role.
 */
public record RoleAssignment(String orgId, Holder holder, String holderId, String roleId, AssetScope scope,
                             Instant createTime) {
    public enum Holder { USER, APPLICATION }
}
