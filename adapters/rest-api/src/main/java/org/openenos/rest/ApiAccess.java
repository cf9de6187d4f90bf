package org.openenos.rest;

import jakarta.servlet.http.HttpServletRequest;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Authorization checks for controllers. The authentication filter puts the {@link Caller} on the request; every
 * controller asks here before it reads or writes an organization's data, so a denial always looks the same (99403).
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

    /** The caller may change data of {@code orgId} (viewers may not). */
    public String requireWrite(String orgId) {
        String org = requireRead(orgId);
        if (!caller().role().canWrite()) {
            throw OpenEnosException.forbidden("role " + caller().role() + " cannot change data");
        }
        return org;
    }

    /** The caller administers {@code orgId}: users, roles, applications. */
    public String requireAdmin(String orgId) {
        String org = requireRead(orgId);
        if (!caller().role().canAdministerOrg()) {
            throw OpenEnosException.forbidden("role " + caller().role() + " cannot administer the organization");
        }
        return org;
    }

    public void requireSuperAdmin() {
        if (!caller().isSuperAdmin()) {
            throw OpenEnosException.forbidden("only the super-administrator may do this");
        }
    }
}
