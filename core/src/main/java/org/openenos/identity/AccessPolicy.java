package org.openenos.identity;

import org.openenos.model.identity.Permission;

/**
 * The one authorization decision: may this principal do this in this organization? Tenant isolation first (only
 * the super-administrator acts outside its own organization), then the permission of its grants. Asset scopes are
 * applied by the queries themselves ({@link Grants#scopeOf}).
 */
public final class AccessPolicy {
    /** The outcome, with the reason a denial is reported and audited with. */
    public record Decision(boolean allowed, String reason) {
        static final Decision ALLOW = new Decision(true, "");

        static Decision deny(String reason) {
            return new Decision(false, reason);
        }
    }

    private AccessPolicy() {
    }

    /** {@code orgId} may be null when the request names no organization (only the permission is checked then). */
    public static Decision decide(Principal principal, String orgId, Permission permission) {
        if (principal == null) {
            return Decision.deny("not signed in");
        }
        if (principal.isSuperAdmin()) {
            return Decision.ALLOW;
        }
        if (orgId != null && !orgId.isBlank() && !orgId.equals(principal.orgId())) {
            return Decision.deny("no permission on organization " + orgId);
        }
        if (permission != null && !principal.grants().allows(permission)) {
            return Decision.deny("permission " + permission.key() + " is required");
        }
        return Decision.ALLOW;
    }
}
