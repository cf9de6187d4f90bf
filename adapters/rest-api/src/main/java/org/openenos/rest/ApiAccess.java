package org.openenos.rest;

import jakarta.servlet.http.HttpServletRequest;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.Permission;
import org.openenos.rest.auth.AuthorizationInterceptor;
import org.openenos.rest.auth.ScopeGuard;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The organization checks of controllers. The authentication filter puts the {@link Caller} on the request and
 * {@link org.openenos.rest.auth.AuthorizationInterceptor} has decided the operation's permission before a controller
 * runs; every controller still asks here that the organization it reads or writes is the caller's (tenant
 * isolation), so a denial always looks the same (99403).
 */
@Component
public class ApiAccess {
    public static final String CALLER_ATTRIBUTE = "openenos.caller";

    public Caller caller() {
        var attrs = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        HttpServletRequest request = attrs.getRequest();
        Object caller = request.getAttribute(CALLER_ATTRIBUTE);
        if (caller instanceof Caller c) {
            return c;
        }
        throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "authentication required");
    }

    /** The caller may read data of {@code orgId}; returns the org id to use. */
    public String requireRead(String orgId) {
        Caller c = caller();
        if (orgId == null || orgId.isBlank()) {
            throw OpenEnosException.badArgument("orgId is required");
        }
        if (!c.isSuperAdmin() && !orgId.equals(c.orgId())) {
            throw OpenEnosException.forbidden("no permission on organization " + orgId);
        }
        return orgId;
    }

    /**
     * The caller may change data of {@code orgId}. Which changes it may make is the operation's permission
     * ({@code RoutePermissions}), decided before the controller runs.
     */
    public String requireWrite(String orgId) {
        return requireRead(orgId);
    }

    /** The caller administers {@code orgId}; the permission (users, organization) was decided per operation. */
    public String requireAdmin(String orgId) {
        return requireRead(orgId);
    }

    /** The caller may change resources of this type (what a read shows only to those who may change it). */
    public boolean canWrite(Permission.Resource resource) {
        return holds(Permission.write(resource));
    }

    /**
     * Where the caller may act for the current operation: the whole organization, or the nodes of asset trees its
     * roles are granted over. Lists and searches put it into their queries.
     */
    public AssetScope assetScope() {
        var attrs = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        Object permission = attrs.getRequest().getAttribute(AuthorizationInterceptor.PERMISSION_ATTRIBUTE);
        return ScopeGuard.scopeOf(caller(), permission instanceof Permission p ? p : null);
    }

    /** The caller holds {@code permission} (for what one operation shows only to some callers, like secrets). */
    public boolean holds(Permission permission) {
        Caller c = caller();
        return c.isSuperAdmin() || c.grants().allows(permission);
    }

    public void requireSuperAdmin() {
        if (!caller().isSuperAdmin()) {
            throw OpenEnosException.forbidden("only the super-administrator may do this");
        }
    }
}
