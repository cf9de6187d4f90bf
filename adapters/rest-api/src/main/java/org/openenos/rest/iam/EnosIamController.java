package org.openenos.rest.iam;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.IdentityService;
import org.openenos.identity.SingleSignOnService;
import org.openenos.model.identity.Organization;
import org.openenos.model.identity.Role;
import org.openenos.model.identity.User;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.Caller;
import org.openenos.rest.auth.ClientAddress;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The EnOS IAM service v2.0 shapes applications written for EnOS call (ADR 0036): log in, session information, an
 * organization, the user's organizations. A session id is the server's bearer token; it is sent as
 * {@code Authorization: Bearer <id>}. Answers carry EnOS IAM's fields ({@code success}, {@code session},
 * {@code organization(s)}) next to the usual {@code code} and {@code msg}.
 */
@RestController
@RequestMapping("/enos-iam-service/v2.0")
public class EnosIamController {
    /** {@code authType} 0 is an EnOS (local) account; 1, LDAP, is not offered. */
    public record LoginRequest(Integer authType, String principal, String credentials, Long expireInterval) {
    }

    public record OrganizationRequest(String id) {
    }

    private final IdentityService identity;
    private final SingleSignOnService sso;
    private final ApiAccess access;
    private final ClientAddress clientAddress;

    public EnosIamController(IdentityService identity, SingleSignOnService sso, ApiAccess access,
                             ClientAddress clientAddress) {
        this.identity = identity;
        this.sso = sso;
        this.access = access;
        this.clientAddress = clientAddress;
    }

    @PostMapping("/login")
    public Map<String, Object> login(@RequestBody LoginRequest body, HttpServletRequest request) {
        if (body.authType() != null && body.authType() != 0) {
            throw OpenEnosException.badArgument("authType: only 0 (an account of this platform) is supported");
        }
        sso.requirePasswordSignInAllowed(body.principal());
        IdentityService.LoginResult r = identity.login(body.principal(), body.credentials(),
                clientAddress.of(request));
        Map<String, Object> out = ok();
        out.put("captcha", null);
        out.put("session", session(r.accessToken(), r.expiresAt(), r.user()));
        return out;
    }

    @PostMapping("/session/info")
    public Map<String, Object> sessionInfo(HttpServletRequest request) {
        String token = bearer(request);
        Instant expires = sso.tokenExpiry(token).orElseThrow(() ->
                OpenEnosException.notFound(ErrorCode.NOT_FOUND, "session"));
        Caller c = requireUser();
        Map<String, Object> out = ok();
        out.put("session", session(token, expires, identity.user(c.id())));
        return out;
    }

    @PostMapping("/organization/info")
    public Map<String, Object> organization(@RequestBody(required = false) OrganizationRequest body) {
        Caller c = access.caller();
        String id = body == null || body.id() == null || body.id().isBlank() ? c.orgId() : body.id();
        if (id == null) {
            throw OpenEnosException.badArgument("id: the organization id is required");
        }
        access.requireRead(id);
        Map<String, Object> out = ok();
        out.put("organization", organization(identity.organization(id)));
        return out;
    }

    /** The organizations the signed-in user belongs to: one (a user belongs to one organization), all for the admin. */
    @PostMapping("/user/organization/list")
    public Map<String, Object> userOrganizations() {
        Caller c = requireUser();
        List<Organization> orgs = c.isSuperAdmin() ? identity.organizations()
                : List.of(identity.organization(c.orgId()));
        Map<String, Object> out = ok();
        out.put("organizations", orgs.stream().map(EnosIamController::organization).toList());
        return out;
    }

    private Caller requireUser() {
        Caller c = access.caller();
        if (c.kind() != Caller.Kind.USER) {
            throw OpenEnosException.forbidden("a session of a signed-in user is required");
        }
        return c;
    }

    private Map<String, Object> session(String id, Instant expires, User u) {
        Organization org = u.orgId() == null ? null : identity.organization(u.orgId());
        Instant created = expires.minus(sso.tokenLifetime());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("expires", Math.max(0, expires.getEpochSecond() - Instant.now().getEpochSecond()));
        s.put("user", user(u));
        s.put("residentOrganization", org == null ? null : brief(org));
        s.put("workingOrganization", org == null ? null : brief(org));
        s.put("refreshTime", created.getEpochSecond());
        s.put("createTime", created.getEpochSecond());
        s.put("status", 1);
        s.put("ssoLogin", sso.signsInThroughProvider(u.userId()));
        return s;
    }

    private static Map<String, Object> user(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.userId());
        m.put("organizationId", u.orgId());
        m.put("authType", 0);
        m.put("name", u.username());
        m.put("email", u.email());
        // EnOS user types: 0 user, 1 organization owner, 2 organization administrator
        m.put("type", u.role() == Role.ORG_ADMIN || u.role() == Role.SUPER_ADMIN ? 2 : 0);
        m.put("state", u.enabled() ? 0 : 1);
        m.put("createTime", u.createTime().toString());
        return m;
    }

    private static Map<String, Object> brief(Organization o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.orgId());
        m.put("name", o.name());
        m.put("domain", null);
        return m;
    }

    private static Map<String, Object> organization(Organization o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.orgId());
        m.put("name", o.name());
        m.put("description", o.description() == null ? "" : o.description());
        m.put("domain", "");
        m.put("code", "");
        m.put("type", 2);
        m.put("state", 0);
        m.put("approvalState", 1);
        m.put("certificationState", 1);
        m.put("createTime", o.createTime().toString());
        return m;
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header == null || header.length() < 8 ? "" : header.substring(7).trim();
    }

    private static Map<String, Object> ok() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", 0);
        m.put("msg", "OK");
        m.put("requestId", UUID.randomUUID().toString());
        m.put("status", 0);
        m.put("message", "");
        m.put("success", true);
        m.put("fail", false);
        return m;
    }
}
