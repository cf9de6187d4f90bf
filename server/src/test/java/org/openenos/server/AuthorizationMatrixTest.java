package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every write endpoint against every role of the owning org and against another org's application. */
class AuthorizationMatrixTest extends ServerTestBase {
    private record Call(String path, Map<String, Object> params, Object body, boolean adminOnly) {
    }

    private Tenant a;
    private Tenant b;
    private String assetId;
    private String pk;
    private String treeId;

    @BeforeEach
    void twoTenants() {
        a = newTenant();
        b = newTenant();
        a.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", a.orgId()),
                simpleModel("authz"));
        pk = a.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", a.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", "authz", "productType", "Gateway"))
                .data().asString();
        assetId = a.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", a.orgId()),
                Map.of("productKey", pk, "deviceName", Map.of("defaultValue", "d"))).data().path("assetId")
                .asString();
        treeId = a.app().post("/asset-tree-service/v2.1/asset-trees", Map.of("action", "create", "orgId",
                a.orgId()), Map.of("tree", Map.of("name", Map.of("defaultValue", "t")), "asset",
                Map.of("assetId", assetId))).data().path("treeId").asString();
    }

    private List<Call> writes() {
        String org = a.orgId();
        List<Call> calls = new ArrayList<>();
        calls.add(new Call("/model-service/v2.1/thing-models", p("create", org), simpleModel("authz2"), false));
        calls.add(new Call("/model-service/v2.1/thing-models", p("update", org), simpleModel("authz"), false));
        calls.add(new Call("/model-service/v2.1/thing-models", with(p("delete", org), "modelId", "authz"), null,
                false));
        calls.add(new Call("/connect-service/v2.1/products", p("create", org),
                Map.of("productName", Map.of("defaultValue", "x"), "modelId", "authz"), false));
        calls.add(new Call("/connect-service/v2.1/products", with(p("update", org), "productKey", pk),
                Map.of("productName", Map.of("defaultValue", "y")), false));
        calls.add(new Call("/connect-service/v2.1/products", with(p("delete", org), "productKey", pk), null, false));
        calls.add(new Call("/connect-service/v2.1/devices", p("create", org),
                Map.of("productKey", pk, "deviceName", Map.of("defaultValue", "n")), false));
        calls.add(new Call("/connect-service/v2.1/devices", p("batchCreate", org),
                Map.of("devices", List.of(Map.of("productKey", pk, "deviceName", Map.of("defaultValue", "n")))),
                false));
        for (String action : List.of("update", "enable", "disable", "delete")) {
            calls.add(new Call("/connect-service/v2.1/devices", with(p(action, org), "assetId", assetId),
                    action.equals("update") ? Map.of("deviceName", Map.of("defaultValue", "z")) : null, false));
        }
        calls.add(new Call("/connect-service/v2.1/device-topos", with(p("addSubDevice", org), "assetId", assetId),
                Map.of("subDevices", List.of(Map.of("assetId", assetId))), false));
        calls.add(new Call("/connect-service/v2.1/device-topos", with(p("removeSubDevice", org), "assetId",
                assetId), Map.of("subDevices", List.of(Map.of("assetId", assetId))), false));
        calls.add(new Call("/asset-service/v2.1/assets", with(p("update", org), "assetId", assetId),
                Map.of("asset", Map.of("name", Map.of("defaultValue", "renamed"))), false));
        calls.add(new Call("/asset-tree-service/v2.1/asset-trees", p("create", org),
                Map.of("tree", Map.of("name", Map.of("defaultValue", "t2")), "asset", Map.of("assetId", assetId)),
                false));
        calls.add(new Call("/asset-tree-service/v2.1/asset-trees", with(p("update", org), "treeId", treeId),
                Map.of("tree", Map.of("name", Map.of("defaultValue", "t3"))), false));
        calls.add(new Call("/asset-tree-service/v2.1/asset-trees", with(p("delete", org), "treeId", treeId), null,
                false));
        calls.add(new Call("/asset-tree-service/v2.1/asset-nodes", with(p("createAsset", org), "treeId", treeId),
                Map.of("asset", Map.of("modelId", "authz", "name", Map.of("defaultValue", "n"))), false));
        calls.add(new Call("/asset-tree-service/v2.1/asset-nodes", with(with(p("associateAsset", org), "treeId",
                treeId), "assetId", assetId), null, false));
        calls.add(new Call("/asset-tree-service/v2.1/asset-nodes", with(with(p("delete", org), "treeId", treeId),
                "assetId", assetId), null, false));
        String subscriptions = "/subscription-service/v2.1/subscriptions";
        String subId = a.app().post(subscriptions, p("create", org), Map.of("subType", 0)).data().path("subId")
                .asString();
        calls.add(new Call(subscriptions, p("create", org), Map.of("subType", 1), false));
        calls.add(new Call(subscriptions, with(p("update", org), "subId", subId), Map.of("name", "n"), false));
        calls.add(new Call(subscriptions, with(p("rotateSecret", org), "subId", subId), null, false));
        calls.add(new Call(subscriptions, with(p("delete", org), "subId", subId), null, false));
        calls.add(new Call("/iam-service/v2.1/users", p("create", org),
                Map.of("username", "u" + System.nanoTime(), "password", "Password-123", "role", "VIEWER"), true));
        calls.add(new Call("/iam-service/v2.1/applications", p("create", org), Map.of("name", "a"), true));
        return calls;
    }

    private static Map<String, Object> p(String action, String org) {
        return Map.of("action", action, "orgId", org);
    }

    private static Map<String, Object> with(Map<String, Object> params, String k, Object v) {
        Map<String, Object> m = new HashMap<>(params);
        m.put(k, v);
        return m;
    }

    private ApiClient userWithRole(String role) {
        String name = role.toLowerCase() + "-" + System.nanoTime();
        var r = a.orgAdmin().post("/iam-service/v2.1/users", p("create", a.orgId()),
                Map.of("username", name, "password", "Password-123", "role", role));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return ApiClient.user(base(), name, "Password-123");
    }

    @Test
    void anotherOrganizationCanNeitherWriteNorRead() {
        for (Call c : writes()) {
            var r = b.app().post(c.path(), c.params(), c.body());
            assertThat(r.code()).as(c.path() + " " + c.params() + " -> " + r).isEqualTo(99403);
        }
        for (String read : List.of("get")) {
            var dev = b.app().post("/connect-service/v2.1/devices", with(p(read, a.orgId()), "assetId", assetId),
                    null);
            assertThat(dev.code()).isEqualTo(99403);
            var own = b.app().post("/connect-service/v2.1/devices", with(p(read, b.orgId()), "assetId", assetId),
                    null);
            assertThat(own.status()).as("a device of org A looked up in org B").isEqualTo(404);
        }
        var tree = b.app().post("/asset-tree-service/v2.1/asset-trees", with(p("get", b.orgId()), "treeId",
                treeId), null);
        assertThat(tree.status()).isEqualTo(404);
    }

    @Test
    void aViewerIsRefusedEveryWriteWith99403() {
        ApiClient viewer = userWithRole("VIEWER");
        for (Call c : writes()) {
            var r = viewer.post(c.path(), c.params(), c.body());
            assertThat(r.code()).as(c.path() + " " + c.params() + " -> " + r).isEqualTo(99403);
            assertThat(r.body().path("msg").asString()).isNotBlank();
        }
        var read = viewer.post("/connect-service/v2.1/devices", with(p("get", a.orgId()), "assetId", assetId), null);
        assertThat(read.ok()).isTrue();
        assertThat(read.data().has("deviceSecret")).as("viewers never see secrets").isFalse();
    }

    @Test
    void anOperatorWritesDataButCannotAdministerTheOrganization() {
        ApiClient operator = userWithRole("OPERATOR");
        for (Call c : writes()) {
            var r = operator.post(c.path(), c.params(), c.body());
            if (c.adminOnly()) {
                assertThat(r.code()).as(c.path() + " -> " + r).isEqualTo(99403);
            } else {
                assertThat(r.code()).as(c.path() + " " + c.params() + " -> " + r).isNotEqualTo(99403);
            }
        }
    }
}
