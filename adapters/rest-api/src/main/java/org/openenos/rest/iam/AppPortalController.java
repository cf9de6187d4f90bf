package org.openenos.rest.iam;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.IdentityService;
import org.openenos.identity.Principal;
import org.openenos.identity.RoleService;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.User;
import org.openenos.registry.AssetScopes;
import org.openenos.registry.ScopedAssetListing;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.Caller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Application Portal's asset-authorization queries (ADR 0036): "may the signed-in user see these assets?" and
 * "which assets may this user see?". Both answer from the same grants and asset scopes as every other operation
 * ({@code assets:read} and its scope), the list paged in its query. Paths of v2.0 and v2.2 are the same operations.
 */
@RestController
public class AppPortalController {
    private static final Permission READ_ASSETS = Permission.read(Permission.Resource.ASSETS);
    private static final int MAX_PAGE = 1000;

    public record CheckRequest(List<String> assetIds) {
    }

    public record Pagination(Integer pageNo, Integer pageSize) {
    }

    public record ListRequest(String userId, String orgId, Pagination pagination) {
    }

    private final AssetScopes scopes;
    private final ScopedAssetListing listing;
    private final IdentityService identity;
    private final RoleService roles;
    private final ApiAccess access;

    public AppPortalController(AssetScopes scopes, ScopedAssetListing listing, IdentityService identity,
                               RoleService roles, ApiAccess access) {
        this.scopes = scopes;
        this.listing = listing;
        this.identity = identity;
        this.roles = roles;
        this.access = access;
    }

    /** {@code data}: true when the signed-in user may see every asset named, false when one or more are not. */
    @PostMapping({"/app-portal-service/v2.0/user/authorization/asset/check",
            "/app-portal-service/v2.2/user/authorization/asset/check"})
    public ApiResponse check(@RequestBody CheckRequest body) {
        Caller c = access.caller();
        Set<String> ids = new LinkedHashSet<>(body.assetIds() == null ? List.of() : body.assetIds());
        ids.removeIf(id -> id == null || id.isBlank());
        if (ids.isEmpty()) {
            throw OpenEnosException.badArgument("assetIds: at least one asset id is required");
        }
        if (c.orgId() == null) {
            throw OpenEnosException.badArgument("the super-administrator belongs to no organization");
        }
        if (!c.grants().allows(READ_ASSETS)) {
            return ApiResponse.ok(false);
        }
        return ApiResponse.ok(scopes.within(c.orgId(), c.grants().scopeOf(READ_ASSETS), ids).size() == ids.size());
    }

    /** The assets a user of the organization may see; the caller (an application) reads the organization's users. */
    @PostMapping({"/app-portal-service/v2.0/user/asset/list", "/app-portal-service/v2.2/user/asset/list"})
    public ApiResponse list(@RequestBody ListRequest body) {
        if (body.userId() == null || body.orgId() == null) {
            throw OpenEnosException.badArgument("userId and orgId are required");
        }
        access.requireRead(body.orgId());
        User u = identity.user(body.userId());
        if (!body.orgId().equals(u.orgId())) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "user " + body.userId() + " in organization "
                    + body.orgId());
        }
        Principal p = roles.withGrants(new Principal(Principal.Kind.USER, u.userId(), u.username(), u.orgId(),
                u.role()));
        int pageNo = body.pagination() == null || body.pagination().pageNo() == null ? 0
                : Math.max(0, body.pagination().pageNo());
        int pageSize = body.pagination() == null || body.pagination().pageSize() == null ? MAX_PAGE
                : Math.max(1, Math.min(MAX_PAGE, body.pagination().pageSize()));
        // a user without assets:read (or disabled) sees no asset: a scope of no nodes
        AssetScope scope = u.enabled() && p.grants().allows(READ_ASSETS) ? p.grants().scopeOf(READ_ASSETS)
                : new AssetScope(false, List.of());
        ScopedAssetListing.Page page = listing.list(u.orgId(), scope, pageNo * pageSize, pageSize);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pagination", Map.of("pageNo", pageNo, "pageSize", pageSize, "totalElements", page.total()));
        data.put("assets", page.assets().stream().map(a -> Map.of("id", a.assetId(), "name",
                Map.of("default", a.name() == null ? "" : a.name()), "orgId", u.orgId())).toList());
        return ApiResponse.ok(data);
    }
}
