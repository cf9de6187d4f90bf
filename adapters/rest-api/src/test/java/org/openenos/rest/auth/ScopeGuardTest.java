package org.openenos.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.Grants;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.Permission.Resource;
import org.openenos.model.identity.Role;
import org.openenos.registry.AssetScopes;
import org.openenos.rest.Caller;
import org.openenos.rest.auth.AssetBinding.BodyAssets;
import org.openenos.rest.auth.AssetBinding.BodyDevice;
import org.openenos.rest.auth.AssetBinding.BodyOwned;
import org.openenos.rest.auth.AssetBinding.QueryAssets;
import org.openenos.rest.auth.AssetBinding.QueryDevice;
import org.openenos.rest.auth.AssetBinding.QueryOwned;
import org.springframework.mock.web.MockHttpServletRequest;

class ScopeGuardTest {
    static final AssetScope SITE_A = AssetScope.of(List.of(new AssetScope.Node("t1", "siteA")));
    static final Permission READ_DEVICES = Permission.read(Resource.DEVICES);

    /** Assets a1, a2 and device pk/dev-a (asset a3) are under site A; b1 and pk/dev-b (b3) are not. */
    final List<String> queries = new ArrayList<>();
    final AssetScopes scopes = new AssetScopes() {
        @Override
        public Set<String> within(String orgId, AssetScope scope, Collection<String> assetIds) {
            queries.add("within " + assetIds);
            Set<String> inside = new HashSet<>(assetIds);
            inside.retainAll(Set.of("a1", "a2", "a3"));
            return inside;
        }

        @Override
        public Map<DeviceKeys, String> deviceAssetIds(String orgId, Collection<DeviceKeys> devices) {
            queries.add("devices " + devices);
            Map<DeviceKeys, String> found = new HashMap<>();
            devices.forEach(d -> {
                if (d.deviceKey().equals("dev-a")) {
                    found.put(d, "a3");
                } else if (d.deviceKey().equals("dev-b")) {
                    found.put(d, "b3");
                }
            });
            return found;
        }

        @Override
        public Map<String, String> assetsOf(String orgId, Owned kind, Collection<String> ids) {
            queries.add(kind + " " + ids);
            Map<String, String> found = new HashMap<>();
            ids.forEach(id -> {
                if (id.startsWith("cmd-")) {
                    found.put(id, id.substring(4));
                }
            });
            return found;
        }

        @Override
        public Map<String, Set<String>> subscriptionAssets(String orgId, Collection<String> subIds) {
            queries.add("subscriptions " + subIds);
            Map<String, Set<String>> all = Map.of("sub-a", Set.of("a1", "a2"), "sub-mixed", Set.of("a1", "b1"),
                    "sub-org", Set.of());
            Map<String, Set<String>> found = new HashMap<>();
            subIds.stream().filter(all::containsKey).forEach(id -> found.put(id, all.get(id)));
            return found;
        }
    };
    final ScopeGuard guard = new ScopeGuard(scopes);

    static Caller scoped(String... permissions) {
        var perms = java.util.Arrays.stream(permissions).map(Permission::parse).collect(java.util.stream.Collectors
                .toSet());
        return new Caller(Caller.Kind.USER, "u", "u", "o1", Role.VIEWER,
                new Grants(List.of(new Grants.Grant("r", perms, SITE_A))));
    }

    private String check(AssetBinding binding, Permission p, String body, String... params) {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", "/x");
        for (int i = 0; i < params.length; i += 2) {
            r.addParameter(params[i], params[i + 1]);
        }
        var cached = new CachedBodyRequest(r, body.getBytes(StandardCharsets.UTF_8));
        return guard.check(cached, scoped("devices:read", "commands:read", "timeseries:read", "models:write",
                "models:read", "jobs:read", "subscriptions:write"), p, binding, "o1");
    }

    private static AssetBinding bind(AssetBinding.Ref... refs) {
        return new AssetBinding(List.of(refs), false);
    }

    @Test
    void onlyTheDeclaredParametersAndFieldsAreCheckedAndEveryValueOfThem() {
        AssetBinding tsdb = bind(new BodyAssets("assetIds"));
        // an id in scope elsewhere in the request admits nothing
        assertThat(check(tsdb, READ_DEVICES, "{\"assetIds\":\"a1,b1\",\"assetId\":\"a2\"}", "assetId", "a1"))
                .contains("outside your scope").contains("b1");
        assertThat(check(tsdb, READ_DEVICES, "{\"assetIds\":[\"a1\",\"a2\"]}")).isNull();
        AssetBinding get = bind(new QueryAssets("assetId"), new QueryDevice());
        assertThat(check(get, READ_DEVICES, "", "assetId", "a1", "productKey", "pk", "deviceKey", "dev-b"))
                .contains("b3");
        assertThat(check(get, READ_DEVICES, "", "assetId", "a1", "productKey", "pk", "deviceKey", "dev-a"))
                .isNull();
    }

    @Test
    void nestedFieldsAreFollowedIntoEveryItemOfAnArray() {
        AssetBinding topo = bind(new BodyAssets("subDevices[].assetId"), new BodyDevice("subDevices[]"));
        String body = "{\"subDevices\":[{\"assetId\":\"a1\"},{\"productKey\":\"pk\",\"deviceKey\":\"dev-b\"}]}";
        assertThat(check(topo, READ_DEVICES, body)).contains("b3");
        assertThat(check(topo, READ_DEVICES, body.replace("dev-b", "dev-a"))).isNull();
    }

    @Test
    void recordsFoundByTheirOwnIdAreCheckedThroughTheAssetTheyBelongTo() {
        AssetBinding command = bind(new QueryOwned("commandId", AssetScopes.Owned.COMMAND));
        assertThat(check(command, READ_DEVICES, "", "commandId", "cmd-a1")).isNull();
        assertThat(check(command, READ_DEVICES, "", "commandId", "cmd-b1")).contains("b1");
        assertThat(check(command, READ_DEVICES, "", "commandId", "ghost")).contains("command ghost");
        AssetBinding create = bind(new BodyAssets("alert.assetId"),
                new BodyOwned("alert.eventId", AssetScopes.Owned.ALERT, true));
        assertThat(check(create, READ_DEVICES, "{\"alert\":{\"assetId\":\"a1\",\"eventId\":\"new\"}}")).isNull();
        assertThat(check(create, READ_DEVICES, "{\"alert\":{\"assetId\":\"a1\",\"eventId\":\"cmd-b1\"}}"))
                .contains("b1");
    }

    @Test
    void aSubscriptionIsChangedWithinAScopeOnlyWhenItsAssetsAndThoseOfItsNewFilterAllLieInside() {
        Permission write = Permission.parse("subscriptions:write");
        AssetBinding update = bind(new AssetBinding.QuerySubscription("subId"),
                new BodyAssets("filter.assetIds", true));
        assertThat(check(update, write, "{\"name\":\"n\"}", "subId", "sub-a")).isNull();
        assertThat(check(update, write, "{\"filter\":{\"assetIds\":[\"a2\"]}}", "subId", "sub-a")).isNull();
        assertThat(check(update, write, "{\"filter\":{\"assetIds\":[\"b1\"]}}", "subId", "sub-a"))
                .contains("outside your scope").contains("b1");
        assertThat(check(update, write, "{\"filter\":{\"modelIds\":[\"m\"]}}", "subId", "sub-a"))
                .contains("whole organization");
        assertThat(check(update, write, "{}", "subId", "sub-mixed")).contains("b1");
        assertThat(check(update, write, "{}", "subId", "sub-org")).contains("subscription sub-org");
        assertThat(check(update, write, "{}", "subId", "ghost")).contains("subscription ghost");
        assertThat(check(bind(new AssetBinding.QuerySubscription("subId")), write, "", "subId", "sub-a")).isNull();
    }

    @Test
    void eachKindOfIdIsResolvedInOneQueryWhateverTheNumberOfIds() {
        AssetBinding b = bind(new BodyAssets("assetIds"), new BodyDevice("items[]"),
                new BodyOwned("commandIds", AssetScopes.Owned.COMMAND, false));
        check(b, READ_DEVICES, "{\"assetIds\":\"a1,a2\",\"items\":[{\"productKey\":\"pk\",\"deviceKey\":\"dev-a\"},"
                + "{\"productKey\":\"pk\",\"deviceKey\":\"dev-b\"}],\"commandIds\":[\"cmd-a1\",\"cmd-a2\"]}");
        assertThat(queries).hasSize(3);
    }

    @Test
    void anUndeclaredOperationOrOneNamingNoAssetIsRefusedUnlessItFiltersInItsQuery() {
        assertThat(check(null, READ_DEVICES, "{\"assetId\":\"a1\"}", "assetId", "a1"))
                .contains("not available within a scope");
        assertThat(check(bind(new QueryAssets("assetId")), READ_DEVICES, "{}")).contains("must name the assets");
        assertThat(check(new AssetBinding(List.of(new BodyAssets("assetId")), true), READ_DEVICES, "{}")).isNull();
        assertThat(queries).isEmpty();
    }

    @Test
    void tooManyIdsMalformedBodiesAndDuplicateFieldsAreBadArgumentsNotSkippedChecks() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i <= ScopeGuard.MAX_IDS; i++) {
            ids.append(i == 0 ? "" : ",").append("a").append(i);
        }
        AssetBinding tsdb = bind(new BodyAssets("assetIds"));
        assertThatThrownBy(() -> check(tsdb, READ_DEVICES, "{\"assetIds\":\"" + ids + "\"}"))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("at most 10000");
        assertThatThrownBy(() -> check(tsdb, READ_DEVICES, "{\"assetIds\":\"a1\",\"assetIds\":\"b1\"}"))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("names a field twice");
        assertThatThrownBy(() -> check(tsdb, READ_DEVICES, "{\"assetIds\":"))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void scopedGrantsOfOrganizationWideResourcesAreRefusedForWritesAndForJobReads() {
        assertThat(check(null, Permission.write(Resource.SUBSCRIPTIONS), "{}")).contains("whole organization");
        assertThat(check(null, Permission.write(Resource.MODELS), "{}")).contains("whole organization");
        assertThat(check(null, Permission.read(Resource.JOBS), "{}")).contains("whole organization");
        assertThat(check(null, Permission.read(Resource.MODELS), "{}")).isNull();
    }

    @Test
    void organizationWideCallersAreNotChecked() {
        var orgWide = new Caller(Caller.Kind.USER, "u", "u", "o1", Role.OPERATOR);
        var r = new MockHttpServletRequest("POST", "/x");
        r.addParameter("assetId", "b1");
        assertThat(guard.check(r, orgWide, READ_DEVICES, null, "o1")).isNull();
        assertThat(queries).isEmpty();
    }
}
