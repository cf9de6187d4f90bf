package org.openenos.rest.iam;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.openenos.identity.ApplicationService;
import org.openenos.identity.IdentityService;
import org.openenos.model.identity.Application;
import org.openenos.model.identity.Organization;
import org.openenos.model.identity.Role;
import org.openenos.model.identity.User;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.Caller;
import org.openenos.rest.auth.ClientAddress;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** IAM in the EnOS v2.1 style: organizations, users (with sign-in), roles and applications. */
@RestController
@RequestMapping("/iam-service/v2.1")
public class IamController {
    /** {@code code}: the TOTP or recovery code, when the user has a second factor (ADR 0034). */
    public record LoginRequest(String username, String password, String code) {
    }

    public record PasswordChangeRequest(String currentPassword, String newPassword) {
    }

    public record OrganizationRequest(String name, String description) {
    }

    public record UserRequest(String userId, String username, String password, Role role, String email,
                              Boolean enabled) {
    }

    public record ApplicationRequest(String appKey, String name, String description, Role role) {
    }

    /** The user as the API shows it: never the password hash. */
    public record UserView(String userId, String username, String orgId, Role role, String email, boolean enabled,
                           long createTime) {
        static UserView of(User u) {
            return new UserView(u.userId(), u.username(), u.orgId(), u.role(), u.email(), u.enabled(),
                    u.createTime().toEpochMilli());
        }
    }

    /** The application as listed: the secret is only shown at creation and rotation. */
    public record ApplicationView(String orgId, String appKey, String name, String description, Role role,
                                  long createTime) {
        static ApplicationView of(Application a) {
            return new ApplicationView(a.orgId(), a.appKey(), a.name(), a.description(), a.role(),
                    a.createTime().toEpochMilli());
        }
    }

    private final IdentityService identity;
    private final ApplicationService applications;
    private final ApiAccess access;
    private final org.openenos.audit.AuditLog audit;
    private final ClientAddress clientAddress;
    private final org.openenos.identity.SingleSignOnService sso;

    public IamController(IdentityService identity, ApplicationService applications, ApiAccess access,
                         org.openenos.audit.AuditLog audit, ClientAddress clientAddress,
                         org.openenos.identity.SingleSignOnService sso) {
        this.sso = sso;
        this.identity = identity;
        this.applications = applications;
        this.access = access;
        this.audit = audit;
        this.clientAddress = clientAddress;
    }

    /**
     * The organization's audit trail, newest first (administrators only); {@code auditAction} keeps the entries
     * whose action starts with it ({@code access.denied}, {@code role.}).
     */
    @RequestMapping(path = "/audit-logs", params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse auditLogs(@RequestParam String orgId, @RequestParam(defaultValue = "100") int limit,
                                 @RequestParam(required = false) String auditAction) {
        access.requireAdmin(orgId);
        int n = Math.max(1, Math.min(limit, 1000));
        var entries = auditAction == null || auditAction.isBlank() ? audit.recent(orgId, n)
                : audit.search(orgId, auditAction, n);
        return ApiResponse.ok(entries.stream()
                .map(e -> Map.of("time", e.time().toEpochMilli(), "actor", e.actor(), "action", e.action(),
                        "target", e.target() == null ? "" : e.target(), "detail", e.detail() == null ? "" : e.detail()))
                .toList());
    }

    @PostMapping(path = "/users", params = "action=login")
    public ApiResponse login(@RequestBody LoginRequest body, HttpServletRequest request) {
        sso.requirePasswordSignInAllowed(body.username());
        return signedIn(identity.login(body.username(), body.password(), body.code(),
                clientAddress.of(request)));
    }

    /**
     * The signed-in user changes their own password. All their sessions end, this one too; the answer carries a new
     * sign-in in the same shape as {@code action=login}.
     */
    @PostMapping(path = "/users", params = "action=changePassword")
    public ApiResponse changeOwnPassword(@RequestBody PasswordChangeRequest body) {
        return signedIn(identity.changeOwnPassword(access.caller().principal(), body.currentPassword(),
                body.newPassword()));
    }

    private static ApiResponse signedIn(IdentityService.LoginResult result) {
        return ApiResponse.ok(Map.of("accessToken", result.accessToken(), "tokenType", "Bearer",
                "expire", result.expiresAt().toEpochMilli(), "user", UserView.of(result.user())));
    }

    @PostMapping(path = "/users", params = "action=logout")
    public ApiResponse logout(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.length() > 7) {
            identity.logout(header.substring(7).trim());
        }
        return ApiResponse.ok(null);
    }

    @RequestMapping(path = "/users", params = "action=me", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse me() {
        Caller c = access.caller();
        return ApiResponse.ok(Map.of("id", c.id(), "name", c.name(), "kind", c.kind(), "role", c.role(),
                "orgId", c.orgId() == null ? "" : c.orgId()));
    }

    @PostMapping(path = "/organizations", params = "action=create")
    public ApiResponse createOrganization(@RequestBody OrganizationRequest body) {
        access.requireSuperAdmin();
        Organization org = identity.createOrganization(access.caller().principal(), body.name(), body.description());
        return ApiResponse.ok(org);
    }

    @RequestMapping(path = "/organizations", params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse searchOrganizations() {
        Caller c = access.caller();
        List<Organization> orgs = c.isSuperAdmin() ? identity.organizations()
                : List.of(identity.organization(c.orgId()));
        return ApiResponse.ok(orgs);
    }

    @RequestMapping(path = "/organizations", params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse getOrganization(@RequestParam String orgId) {
        return ApiResponse.ok(identity.organization(access.requireRead(orgId)));
    }

    @PostMapping(path = "/organizations", params = "action=update")
    public ApiResponse updateOrganization(@RequestParam String orgId, @RequestBody OrganizationRequest body) {
        access.requireAdmin(orgId);
        return ApiResponse.ok(identity.updateOrganization(access.caller().principal(), orgId, body.name(),
                body.description()));
    }

    @PostMapping(path = "/organizations", params = "action=delete")
    public ApiResponse deleteOrganization(@RequestParam String orgId) {
        access.requireSuperAdmin();
        identity.deleteOrganization(access.caller().principal(), orgId);
        return ApiResponse.ok(null);
    }

    @PostMapping(path = "/users", params = "action=create")
    public ApiResponse createUser(@RequestParam String orgId, @RequestBody UserRequest body) {
        access.requireAdmin(orgId);
        User u = identity.createUser(access.caller().principal(), orgId, body.username(), body.password(),
                body.role(), body.email());
        return ApiResponse.ok(UserView.of(u));
    }

    @RequestMapping(path = "/users", params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse searchUsers(@RequestParam String orgId) {
        access.requireRead(orgId);
        return ApiResponse.ok(identity.users(orgId).stream().map(UserView::of).toList());
    }

    @RequestMapping(path = "/users", params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse getUser(@RequestParam String orgId, @RequestParam String userId) {
        access.requireRead(orgId);
        return ApiResponse.ok(UserView.of(userInOrg(orgId, userId)));
    }

    @PostMapping(path = "/users", params = "action=update")
    public ApiResponse updateUser(@RequestParam String orgId, @RequestBody UserRequest body) {
        access.requireAdmin(orgId);
        userInOrg(orgId, body.userId());
        User u = identity.updateUser(access.caller().principal(), body.userId(), body.role(), body.email(),
                body.enabled());
        if (body.password() != null) {
            identity.changePassword(access.caller().principal(), body.userId(), body.password());
        }
        return ApiResponse.ok(UserView.of(u));
    }

    @PostMapping(path = "/users", params = "action=delete")
    public ApiResponse deleteUser(@RequestParam String orgId, @RequestParam String userId) {
        access.requireAdmin(orgId);
        userInOrg(orgId, userId);
        identity.deleteUser(access.caller().principal(), userId);
        return ApiResponse.ok(null);
    }

    @PostMapping(path = "/applications", params = "action=create")
    public ApiResponse createApplication(@RequestParam String orgId, @RequestBody ApplicationRequest body) {
        access.requireAdmin(orgId);
        Application app = applications.create(access.caller().principal(), orgId, body.name(), body.description(),
                body.role());
        return ApiResponse.ok(secretView(app));
    }

    @RequestMapping(path = "/applications", params = "action=search",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse searchApplications(@RequestParam String orgId) {
        access.requireRead(orgId);
        return ApiResponse.ok(applications.list(orgId).stream().map(ApplicationView::of).toList());
    }

    @PostMapping(path = "/applications", params = "action=rotateSecret")
    public ApiResponse rotate(@RequestParam String orgId, @RequestParam String appKey) {
        access.requireAdmin(orgId);
        appInOrg(orgId, appKey);
        return ApiResponse.ok(secretView(applications.rotateSecret(access.caller().principal(), appKey)));
    }

    @PostMapping(path = "/applications", params = "action=delete")
    public ApiResponse deleteApplication(@RequestParam String orgId, @RequestParam String appKey) {
        access.requireAdmin(orgId);
        appInOrg(orgId, appKey);
        applications.delete(access.caller().principal(), appKey);
        return ApiResponse.ok(null);
    }

    private static Map<String, Object> secretView(Application a) {
        return Map.of("orgId", a.orgId(), "appKey", a.appKey(), "appSecret", a.appSecret(), "name", a.name(),
                "role", a.role());
    }

    private User userInOrg(String orgId, String userId) {
        User u = identity.user(userId);
        if (!orgId.equals(u.orgId())) {
            throw org.openenos.error.OpenEnosException.notFound(org.openenos.error.ErrorCode.NOT_FOUND,
                    "user " + userId);
        }
        return u;
    }

    private void appInOrg(String orgId, String appKey) {
        if (!orgId.equals(applications.get(appKey).orgId())) {
            throw org.openenos.error.OpenEnosException.notFound(org.openenos.error.ErrorCode.NOT_FOUND,
                    "application " + appKey);
        }
    }
}
