package org.openenos.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openenos.identity.Grants;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.Permission.Resource;
import org.openenos.model.identity.Role;
import org.openenos.registry.AssetScopes;
import org.openenos.rest.Caller;
import org.springframework.mock.web.MockHttpServletRequest;

class ScopeGuardTest {
    static final AssetScope SITE_A = AssetScope.of(List.of(new AssetScope.Node("t1", "siteA")));

    /** Assets a1, a2 and device pk/dev-a (asset a3) are under site A; b1 is not. */
    final List<Collection<String>> asked = new java.util.ArrayList<>();
    final AssetScopes scopes = new AssetScopes() {
        @Override
        public Set<String> within(String orgId, AssetScope scope, Collection<String> assetIds) {
            asked.add(assetIds);
            Set<String> inside = new HashSet<>(assetIds);
            inside.retainAll(Set.of("a1", "a2", "a3"));
            return inside;
        }

        @Override
        public String deviceAssetId(String orgId, String productKey, String deviceKey) {
            return "dev-a".equals(deviceKey) ? "a3" : "dev-b".equals(deviceKey) ? "b3" : null;
        }
    };
    final ScopeGuard guard = new ScopeGuard(scopes);

    static Caller scoped(String... permissions) {
        var perms = java.util.Arrays.stream(permissions).map(Permission::parse).collect(java.util.stream.Collectors
                .toSet());
        return new Caller(Caller.Kind.USER, "u", "u", "o1", Role.VIEWER,
                new Grants(List.of(new Grants.Grant("r", perms, SITE_A))));
    }

    static MockHttpServletRequest request(String body, String... params) {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", "/x");
        for (int i = 0; i < params.length; i += 2) {
            r.addParameter(params[i], params[i + 1]);
        }
        return r;
    }

    private String check(String body, Permission p, boolean filters, String... params) {
        MockHttpServletRequest r = request(body, params);
        var cached = new CachedBodyRequest(r, body.getBytes(StandardCharsets.UTF_8));
        return guard.check(cached, scoped("devices:read", "timeseries:read", "models:write"), p, filters, "o1");
    }

    @Test
    void everyAssetNamedInTheQueryOrAnywhereInTheBodyIsCheckedInOneQuery() {
        String body = "{\"assetIds\":\"a1,a2\",\"items\":[{\"assetId\":\"b1\"},{\"productKey\":\"pk\","
                + "\"deviceKey\":\"dev-a\"}],\"scope\":{\"fromAssetId\":\"a2\"}}";
        String outside = check(body, Permission.read(Resource.TIMESERIES), false, "assetId", "a1");
        assertThat(outside).contains("outside your scope for timeseries:read").contains("b1")
                .doesNotContain("a1").doesNotContain("a3");
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst()).containsExactlyInAnyOrder("a1", "a2", "b1", "a3");
    }

    @Test
    void unknownIdsAndUnknownDevicesAreOutsideLikeAnyOther() {
        assertThat(check("", Permission.read(Resource.DEVICES), false, "assetId", "nope")).contains("nope");
        assertThat(check("", Permission.read(Resource.DEVICES), false, "productKey", "pk", "deviceKey", "ghost"))
                .contains("pk/ghost");
        assertThat(check("{\"assetIds\":[\"a1\",\"a2\"]}", Permission.read(Resource.DEVICES), false)).isNull();
    }

    @Test
    void anOperationNamingNoAssetIsRefusedUnlessItFiltersInItsQuery() {
        assertThat(check("{}", Permission.read(Resource.DEVICES), false)).contains("must name the assets");
        assertThat(check("{}", Permission.read(Resource.DEVICES), true)).isNull();
    }

    @Test
    void resourcesThatAreNotAssetBoundAndOrganizationWideCallersAreNotChecked() {
        assertThat(check("{\"assetId\":\"b1\"}", Permission.write(Resource.MODELS), false)).isNull();
        var orgWide = new Caller(Caller.Kind.USER, "u", "u", "o1", Role.OPERATOR);
        var r = request("", "assetId", "b1");
        assertThat(guard.check(r, orgWide, Permission.read(Resource.DEVICES), false, "o1")).isNull();
        assertThat(asked).isEmpty();
    }
}
