package org.openenos.rest.auth;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.AccessPolicy;
import org.openenos.model.identity.Permission;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.Caller;
import org.springframework.http.MediaType;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where the API checks permissions: before any controller runs, the operation's {@link Requirement}
 * from {@link RoutePermissions} is decided by {@link AccessPolicy} for the authenticated caller and the request's
 * {@code orgId}, then the assets the request names, where its {@link AssetBindings} entry says, against the caller's
 * asset scope ({@link ScopeGuard}). A denial
 * is 99403 and is recorded by {@link AccessDenials}. The permission found is left on the request, where
 * {@code ApiAccess} takes the caller's asset scope for it (lists filter by it in their queries).
 */
public class AuthorizationInterceptor implements HandlerInterceptor {
    public static final String PERMISSION_ATTRIBUTE = "openenos.permission";

    private final RoutePermissions routes;
    private final AccessDenials denials;
    private final ScopeGuard scopes;
    private final AssetBindings bindings;
    private final JsonMapper json = JsonMapper.builder().build();

    public AuthorizationInterceptor(RoutePermissions routes, AssetBindings bindings, AccessDenials denials,
                                    ScopeGuard scopes) {
        this.routes = routes;
        this.bindings = bindings;
        this.denials = denials;
        this.scopes = scopes;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(handler instanceof HandlerMethod method) || request.getDispatcherType() != DispatcherType.REQUEST) {
            return true; // an error page or the second dispatch of an asynchronous answer: decided already
        }
        try {
            return decide(request, method);
        } catch (OpenEnosException e) {
            String accept = request.getHeader("Accept");
            if (accept == null || !accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE)) {
                throw e; // the controllers' error handlers answer in the envelope
            }
            // an event stream was asked for, so content negotiation would refuse the JSON envelope: written here
            response.setStatus(e.code() == ErrorCode.UNAUTHENTICATED ? 401 : 403);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), ApiResponse.error(e.code().enosCode(), e.getMessage()));
            return false;
        }
    }

    private boolean decide(HttpServletRequest request, HandlerMethod method) {
        Caller caller = request.getAttribute(ApiAccess.CALLER_ATTRIBUTE) instanceof Caller c ? c : null;
        Requirement requirement = routes.of(method.getMethod()).orElse(null);
        if (requirement == null) {
            if (caller == null) {
                return true; // not an operation of the service API (health, the portal's files)
            }
            throw denied(caller, request, null, "this operation declares no permission");
        }
        if (requirement instanceof Requirement.Open) {
            return true;
        }
        if (caller == null) {
            throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "authentication required");
        }
        if (requirement instanceof Requirement.SuperAdmin && !caller.isSuperAdmin()) {
            throw denied(caller, request, null, "only the super-administrator may do this");
        }
        Permission permission = requirement.permission(request);
        var decision = AccessPolicy.decide(caller.principal(), request.getParameter("orgId"), permission);
        if (!decision.allowed()) {
            throw denied(caller, request, permission, decision.reason());
        }
        if (permission != null) {
            String outside = scopes.check(request, caller, permission,
                    bindings.of(method.getMethod()).orElse(null), request.getParameter("orgId"));
            if (outside != null) {
                throw denied(caller, request, permission, outside);
            }
            request.setAttribute(PERMISSION_ATTRIBUTE, permission);
        }
        return true;
    }

    private OpenEnosException denied(Caller caller, HttpServletRequest request, Permission permission,
                                     String reason) {
        denials.record(caller, request, permission, reason);
        return OpenEnosException.forbidden(reason);
    }
}
