package org.openenos.rest.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.openenos.audit.AuditLog;
import org.openenos.model.identity.Permission;
import org.openenos.rest.Caller;

/**
 * Denied requests go to the audit log ({@code access.denied}) of the caller's organization, whose administrator
 * answers for the caller, and, when the request was aimed at another organization, also to that one's, so that its
 * administrator sees the probe. Counted once in {@code openenos.access.denied{resource}}.
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
        String target = targetOrg == null || targetOrg.isBlank() || targetOrg.length() > 64 ? null : targetOrg;
        String callerOrg = caller.orgId();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String action = request.getParameter("action");
        String operation = request.getMethod() + " " + truncate(path, 200)
                + (action == null ? "" : "?action=" + truncate(action, 40));
        String detail = truncate(reason, 300);
        var now = clock.instant();
        // the caller's administrator answers for the caller: always in the caller's organization
        String home = callerOrg != null ? callerOrg : target;
        if (home != null) {
            audit.record(new AuditLog.Entry(now, caller.name(), home, ACTION, operation,
                    detail + (target != null && !target.equals(home) ? " (aimed at organization " + target + ")"
                            : "")));
        }
        // and the organization aimed at learns of the attempt (a super-administrator has no organization)
        if (target != null && !target.equals(home)) {
            audit.record(new AuditLog.Entry(now, caller.name(), target, ACTION, operation,
                    detail + (callerOrg != null ? " (caller of organization " + callerOrg + ")" : "")));
        }
        Counter.builder("openenos.access.denied").description("API requests refused for lack of permission")
                .tag("resource", permission == null ? "none" : permission.resource().key())
                .register(meters).increment();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
