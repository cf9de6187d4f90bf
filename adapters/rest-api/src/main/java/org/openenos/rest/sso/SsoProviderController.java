package org.openenos.rest.sso;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.identity.SingleSignOnService;
import org.openenos.identity.SsoProvider;
import org.openenos.model.identity.AssetScope;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An organization's single sign-on providers and its password sign-in policy, in the IAM service (ADR 0035). The
 * client secret is write-only: no answer ever carries it.
 */
@RestController
@RequestMapping("/iam-service/v2.1")
public class SsoProviderController {
    public record ScopeNode(String treeId, String assetId) {
    }

    public record Mapping(String group, String roleId, List<ScopeNode> scope) {
    }

    public record ProviderRequest(String name, String issuer, String clientId, String clientSecret,
                                  List<String> scopes, String groupClaim, List<Mapping> mappings, Boolean enabled) {
        SingleSignOnService.ProviderSettings settings() {
            try {
                return convert();
            } catch (IllegalArgumentException e) {
                throw org.openenos.error.OpenEnosException.badArgument("mappings: " + e.getMessage());
            }
        }

        private SingleSignOnService.ProviderSettings convert() {
            List<SsoProvider.GroupMapping> m = mappings == null ? null : mappings.stream()
                    .map(x -> new SsoProvider.GroupMapping(x.group(), x.roleId(), AssetScope.of(x.scope() == null
                            ? List.of() : x.scope().stream().map(n -> new AssetScope.Node(n.treeId(), n.assetId()))
                            .toList())))
                    .toList();
            return new SingleSignOnService.ProviderSettings(name, issuer, clientId, clientSecret, scopes, groupClaim,
                    m, enabled);
        }
    }

    public record PolicyRequest(Boolean passwordSignIn) {
    }

    private final SingleSignOnService sso;
    private final ApiAccess access;

    public SsoProviderController(SingleSignOnService sso, ApiAccess access) {
        this.sso = sso;
        this.access = access;
    }

    @PostMapping(path = "/sso-providers", params = "action=create")
    public ApiResponse create(@RequestParam String orgId, @RequestBody ProviderRequest body) {
        access.requireAdmin(orgId);
        return ApiResponse.ok(view(sso.create(access.caller().principal(), orgId, body.settings())));
    }

    @PostMapping(path = "/sso-providers", params = "action=update")
    public ApiResponse update(@RequestParam String orgId, @RequestParam String providerId,
                              @RequestBody ProviderRequest body) {
        access.requireAdmin(orgId);
        return ApiResponse.ok(view(sso.update(access.caller().principal(), orgId, providerId, body.settings())));
    }

    @PostMapping(path = "/sso-providers", params = "action=delete")
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String providerId) {
        access.requireAdmin(orgId);
        sso.delete(access.caller().principal(), orgId, providerId);
        return ApiResponse.ok(null);
    }

    @RequestMapping(path = "/sso-providers", params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String providerId) {
        access.requireRead(orgId);
        return ApiResponse.ok(view(sso.provider(orgId, providerId)));
    }

    @RequestMapping(path = "/sso-providers", params = "action=search",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId) {
        access.requireRead(orgId);
        return ApiResponse.ok(sso.providers(orgId).stream().map(SsoProviderController::view).toList());
    }

    @RequestMapping(path = "/sign-in-policy", params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse policy(@RequestParam String orgId) {
        access.requireRead(orgId);
        return ApiResponse.ok(Map.of("orgId", orgId, "passwordSignIn", !sso.passwordsDisabled(orgId)));
    }

    @PostMapping(path = "/sign-in-policy", params = "action=update")
    public ApiResponse updatePolicy(@RequestParam String orgId, @RequestBody PolicyRequest body) {
        access.requireAdmin(orgId);
        if (body.passwordSignIn() == null) {
            throw org.openenos.error.OpenEnosException.badArgument("passwordSignIn: true or false is required");
        }
        sso.setPasswordSignIn(access.caller().principal(), orgId, body.passwordSignIn());
        return policy(orgId);
    }

    static Map<String, Object> view(SsoProvider p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("orgId", p.orgId());
        v.put("providerId", p.providerId());
        v.put("name", p.name());
        v.put("issuer", p.issuer());
        v.put("clientId", p.clientId());
        v.put("scopes", p.scopes());
        v.put("groupClaim", p.groupClaim());
        List<Map<String, Object>> mappings = new ArrayList<>();
        for (SsoProvider.GroupMapping m : p.mappings()) {
            mappings.add(Map.of("group", m.group(), "roleId", m.roleId(), "scope", m.scope().nodes().stream()
                    .map(n -> Map.of("treeId", n.treeId(), "assetId", n.assetId())).toList()));
        }
        v.put("mappings", mappings);
        v.put("enabled", p.enabled());
        v.put("redirectPath", "/sso/oidc/callback");
        v.put("createTime", p.createTime().toEpochMilli());
        v.put("updateTime", p.updateTime().toEpochMilli());
        return v;
    }
}
