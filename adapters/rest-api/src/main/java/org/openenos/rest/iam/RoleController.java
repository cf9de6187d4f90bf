package org.openenos.rest.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.Grants;
import org.openenos.identity.RoleService;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.CustomRole;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.Role;
import org.openenos.model.identity.RoleAssignment;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.Caller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Roles and who holds them: {@code /iam-service/v2.1/roles} (the built-in roles and the organization's custom
 * roles; create, update, delete, get, search, and {@code mine}: the caller's own grants) and
 * {@code /iam-service/v2.1/role-assignments} (assign, unassign, search). A role is held over the organization or
 * over nodes of asset trees ({@code scope: [{treeId, assetId}]}).
 */
@RestController
@RequestMapping("/iam-service/v2.1")
public class RoleController {
    public record RoleBody(String roleId, String name, String description, String template,
                           List<String> permissions) {
    }

    public record ScopeNodeBody(String treeId, String assetId) {
    }

    public record AssignmentBody(String userId, String appKey, String roleId, List<ScopeNodeBody> scope) {
        RoleAssignment.Holder holder() {
            if ((userId == null) == (appKey == null)) {
                throw OpenEnosException.badArgument("userId or appKey: exactly one is required");
            }
            return userId != null ? RoleAssignment.Holder.USER : RoleAssignment.Holder.APPLICATION;
        }

        String holderId() {
            return userId != null ? userId : appKey;
        }

        AssetScope assetScope() {
            if (scope == null || scope.isEmpty()) {
                return AssetScope.ORGANIZATION;
            }
            List<AssetScope.Node> nodes = new ArrayList<>();
            for (ScopeNodeBody n : scope) {
                try {
                    nodes.add(new AssetScope.Node(n == null ? null : n.treeId(), n == null ? null : n.assetId()));
                } catch (IllegalArgumentException e) {
                    throw OpenEnosException.badArgument("scope: " + e.getMessage());
                }
            }
            return AssetScope.of(nodes);
        }
    }

    private static final Map<Role, String> BUILT_IN = Map.of(
            Role.ORG_ADMIN, "manages the organization, its users and apps",
            Role.OPERATOR, "reads and changes assets, devices and data",
            Role.VIEWER, "reads only");

    private final RoleService roles;
    private final ApiAccess access;

    public RoleController(RoleService roles, ApiAccess access) {
        this.roles = roles;
        this.access = access;
    }

    @RequestMapping(path = "/roles", params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam(required = false) String orgId) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Role r : List.of(Role.ORG_ADMIN, Role.OPERATOR, Role.VIEWER)) {
            all.add(view(r.name(), r.name(), BUILT_IN.get(r), r.permissions(), true));
        }
        Caller c = access.caller();
        String org = orgId == null || orgId.isBlank() ? c.orgId() : access.requireRead(orgId);
        if (org != null) {
            roles.roles(org).forEach(r -> all.add(view(r)));
        }
        return ApiResponse.ok(all);
    }

    @RequestMapping(path = "/roles", params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String roleId) {
        return ApiResponse.ok(view(roles.role(access.requireRead(orgId), roleId)));
    }

    @PostMapping(path = "/roles", params = "action=create")
    public ApiResponse create(@RequestParam String orgId, @RequestBody RoleBody body) {
        String org = access.requireAdmin(orgId);
        return ApiResponse.ok(view(roles.create(access.caller().principal(), org, body.name(), body.description(),
                body.template(), body.permissions())));
    }

    @PostMapping(path = "/roles", params = "action=update")
    public ApiResponse update(@RequestParam String orgId, @RequestParam(required = false) String roleId,
                              @RequestBody RoleBody body) {
        String org = access.requireAdmin(orgId);
        String id = roleId != null ? roleId : body.roleId();
        return ApiResponse.ok(view(roles.update(access.caller().principal(), org, id, body.name(),
                body.description(), body.permissions())));
    }

    @PostMapping(path = "/roles", params = "action=delete")
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String roleId) {
        roles.delete(access.caller().principal(), access.requireAdmin(orgId), roleId);
        return ApiResponse.ok(null);
    }

    /** The caller's own grants: what the portal shows and hides. */
    @RequestMapping(path = "/roles", params = "action=mine", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse mine() {
        Caller c = access.caller();
        List<Map<String, Object>> grants = new ArrayList<>();
        for (Grants.Grant g : c.grants().grants()) {
            grants.add(Map.of("roleId", g.roleId(), "permissions", keys(g.permissions()),
                    "scope", scope(g.scope())));
        }
        return ApiResponse.ok(Map.of("superAdmin", c.isSuperAdmin(), "grants", grants));
    }

    @PostMapping(path = "/role-assignments", params = "action=assign")
    public ApiResponse assign(@RequestParam String orgId, @RequestBody AssignmentBody body) {
        String org = access.requireAdmin(orgId);
        return ApiResponse.ok(view(roles.assign(access.caller().principal(), org, body.holder(), body.holderId(),
                body.roleId(), body.assetScope())));
    }

    @PostMapping(path = "/role-assignments", params = "action=unassign")
    public ApiResponse unassign(@RequestParam String orgId, @RequestBody AssignmentBody body) {
        String org = access.requireAdmin(orgId);
        roles.unassign(access.caller().principal(), org, body.holder(), body.holderId(), body.roleId());
        return ApiResponse.ok(null);
    }

    @RequestMapping(path = "/role-assignments", params = "action=search",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse assignments(@RequestParam String orgId, @RequestParam(required = false) String userId,
                                   @RequestParam(required = false) String appKey) {
        String org = access.requireRead(orgId);
        return ApiResponse.ok(roles.assignments(org).stream()
                .filter(a -> userId == null || a.holder() == RoleAssignment.Holder.USER && a.holderId().equals(userId))
                .filter(a -> appKey == null
                        || a.holder() == RoleAssignment.Holder.APPLICATION && a.holderId().equals(appKey))
                .map(RoleController::view).toList());
    }

    private static Map<String, Object> view(CustomRole r) {
        Map<String, Object> m = view(r.roleId(), r.name(), r.description(), r.permissions(), false);
        m.put("orgId", r.orgId());
        m.put("createTime", r.createTime().toEpochMilli());
        m.put("updateTime", r.updateTime().toEpochMilli());
        return m;
    }

    private static Map<String, Object> view(String roleId, String name, String description,
                                            java.util.Set<Permission> perms, boolean builtIn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roleId", roleId);
        m.put("name", name);
        m.put("description", description == null ? "" : description);
        m.put("builtIn", builtIn);
        m.put("permissions", keys(perms));
        return m;
    }

    private static Map<String, Object> view(RoleAssignment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(a.holder() == RoleAssignment.Holder.USER ? "userId" : "appKey", a.holderId());
        m.put("roleId", a.roleId());
        m.put("scope", scope(a.scope()));
        m.put("createTime", a.createTime().toEpochMilli());
        return m;
    }

    private static List<String> keys(java.util.Set<Permission> perms) {
        return perms.stream().map(Permission::key).sorted().toList();
    }

    /** The whole organization is an empty list, as in requests. */
    private static List<Map<String, String>> scope(AssetScope s) {
        return s.nodes().stream().map(n -> Map.of("treeId", n.treeId(), "assetId", n.assetId())).toList();
    }
}
