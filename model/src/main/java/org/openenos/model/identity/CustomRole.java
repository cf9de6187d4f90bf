package org.openenos.model.identity;

import java.time.Instant;
import java.util.Set;

/** A role an organization defines itself: a named set of permissions, usually started from a built-in role. */
public record CustomRole(String orgId, String roleId, String name, String description, Set<Permission> permissions,
                         Instant createTime, Instant updateTime) {
    public CustomRole {
        permissions = Set.copyOf(permissions);
    }
}
