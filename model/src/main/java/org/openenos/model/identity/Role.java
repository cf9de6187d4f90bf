package org.openenos.model.identity;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.openenos.model.identity.Permission.Action;
import org.openenos.model.identity.Permission.Resource;

/**
 * The built-in roles. Each is a fixed set of permissions (also the templates of custom roles); super-admin spans all
 * organizations.
 */
public enum Role {
    SUPER_ADMIN, ORG_ADMIN, OPERATOR, VIEWER;

    /** What an operator may not change: who may do what, and the organization's settings. */
    private static final Set<Resource> ADMINISTRATION = EnumSet.of(Resource.USERS, Resource.ORGANIZATION,
            Resource.AUDIT);

    public boolean canWrite() {
        return this != VIEWER;
    }

    public boolean canAdministerOrg() {
        return this == SUPER_ADMIN || this == ORG_ADMIN;
    }

    /** The role's permissions inside its organization. */
    public Set<Permission> permissions() {
        return Permission.all().stream().filter(this::grants).collect(Collectors.toUnmodifiableSet());
    }

    private boolean grants(Permission p) {
        return switch (this) {
            case SUPER_ADMIN, ORG_ADMIN -> true;
            case OPERATOR -> p.action() == Action.READ ? p.resource() != Resource.AUDIT
                    : !ADMINISTRATION.contains(p.resource());
            case VIEWER -> p.action() == Action.READ && p.resource() != Resource.AUDIT;
        };
    }
}
