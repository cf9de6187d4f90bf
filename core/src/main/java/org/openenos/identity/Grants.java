package org.openenos.identity;

import java.util.List;
import java.util.Set;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.Role;

/**
 * What a principal may do: the roles it holds, each a set of permissions over a scope. A permission is allowed when
 * any grant has it; its scope is the union of the scopes of those grants. Built once when a request is authenticated
 * and read for the rest of it.
 */
public record Grants(List<Grant> grants) {
    /** One role held over one scope. {@code roleId} is a built-in role's name or a custom role's id. */
    public record Grant(String roleId, Set<Permission> permissions, AssetScope scope) {
        public Grant {
            permissions = Set.copyOf(permissions);
            scope = scope == null ? AssetScope.ORGANIZATION : scope;
        }
    }

    public static final Grants NONE = new Grants(List.of());

    public Grants {
        grants = List.copyOf(grants);
    }

    /** A built-in role over the whole organization: what every principal without role assignments holds. */
    public static Grants of(Role role) {
        return role == null ? NONE : new Grants(List.of(new Grant(role.name(), role.permissions(),
                AssetScope.ORGANIZATION)));
    }

    public boolean allows(Permission permission) {
        return grants.stream().anyMatch(g -> g.permissions().contains(permission));
    }

    /** Where {@code permission} applies; an empty node list with {@code wholeOrganization=false} when nowhere. */
    public AssetScope scopeOf(Permission permission) {
        AssetScope scope = new AssetScope(false, List.of());
        for (Grant g : grants) {
            if (g.permissions().contains(permission)) {
                scope = scope.union(g.scope());
            }
        }
        return scope;
    }

    /** Every grant covers the whole organization (the usual case, and the fast path of every scope check). */
    public boolean organizationWide() {
        return grants.stream().allMatch(g -> g.scope().wholeOrganization());
    }
}
