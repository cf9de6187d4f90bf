package org.openenos.rest.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.openenos.audit.AuditLog;
import org.openenos.model.identity.Permission;
import org.openenos.rest.Caller;

/**
 * Denied requests go to the audit log ({@code access.denied}) of the organization they were aimed at (the caller's
 * own when the request named none), so that an administrator sees both their users' refused attempts and another
 * organization's probes. Counted in {@code openenos.access.denied{resource}}.
 */
public class AccessDenials {
    public static final String ACTION = "access.denied";

    private final AuditLog audit;
    private final Clock clock;
    private final MeterRegistry meters;

    public AccessDenials(AuditLog audit, Clock clock, MeterRegistry meters) {
        this.audit = audit;
        this.clock = clock;
        this.meters = meters;
    }

    public void record(Caller caller, HttpServletRequest request, Permission permission, String reason) {
        String targetOrg = request.getParameter("orgId");
        String org = targetOrg == null || targetOrg.isBlank() || targetOrg.length() > 64 ? caller.orgId()
                : targetOrg;
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String action = request.getParameter("action");
        String operation = request.getMethod() + " " + truncate(path, 200)
                + (action == null ? "" : "?action=" + truncate(action, 40));
        String actor = caller.name();
        audit.record(new AuditLog.Entry(clock.instant(), actor, org, ACTION, operation,
                truncate(reason, 300) + (caller.orgId() != null && !caller.orgId().equals(org)
                        ? " (caller of organization " + caller.orgId() + ")" : "")));
        Counter.builder("openenos.access.denied").description("API requests refused for lack of permission")
                .tag("resource", permission == null ? "none" : permission.resource().key())
                .register(meters).increment();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
