package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.server.AssetScopeApiTest.Fleet;
import org.openenos.testkit.MqttTestDevice;

/**
 * A holder of {@code subscriptions:write} over one site subscribes to assets of that site, and is delivered their
 * records only; a subscription over more than its site (the organization, a model, a tree, another site's asset)
 * stays refused. The same rule holds for changing, deleting and rotating the secret of one: allowed for a
 * subscription whose assets, before and after the change, all lie within the site.
 */
class SubscriptionScopeApiTest extends ServerTestBase {
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;
    private Fleet fleet;
    private ApiClient siteSubscriber;

    @BeforeEach
    void fleetWithASiteSubscriber() {
        fleet = Fleet.create(newTenant(), "subscoped");
        siteSubscriber = AssetScopeApiTest.scopedUser(this, fleet, List.of("subscriptions:write",
                "subscriptions:read", "devices:read"));
    }

    private Map<String, Object> q(String action) {
        return new HashMap<>(Map.of("action", action, "orgId", fleet.tenant().orgId()));
    }

    private ApiClient.Response create(Map<String, Object> filter) {
        Map<String, Object> body = new HashMap<>(Map.of("subType", 0));
        if (filter != null) {
            body.put("filter", filter);
        }
        return siteSubscriber.post("/subscription-service/v2.1/subscriptions", q("create"), body);
    }

    @Test
    void aSubscriptionToAssetsOfTheSiteIsCreatedAndAnyWiderOneIsRefused() {
        var mine = create(Map.of("assetIds", List.of(fleet.deviceA(), fleet.siteA())));
        assertThat(mine.ok()).as(mine.toString()).isTrue();

        for (var filter : List.<Map<String, Object>>of(Map.of("assetIds", List.of(fleet.deviceB())),
                Map.of("assetIds", List.of(fleet.deviceA(), fleet.deviceB())),
                Map.of("assetIds", List.of("no-such-asset")))) {
            var r = create(filter);
            assertThat(r.code()).as(filter + " -> " + r).isEqualTo(99403);
            assertThat(r.body().path("msg").asString()).contains("outside your scope");
        }
        for (var filter : java.util.Arrays.<Map<String, Object>>asList(null, Map.of(),
                Map.of("modelIds", List.of("subscoped")), Map.of("treeId", fleet.treeId()))) {
            var r = create(filter);
            assertThat(r.code()).as(filter + " -> " + r).isEqualTo(99403);
            assertThat(r.body().path("msg").asString()).contains("whole organization");
        }
    }

    @Test
    void aScopedSubscriptionIsDeliveredTheRecordsOfItsAssetsOnly() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            var created = siteSubscriber.post("/subscription-service/v2.1/subscriptions", q("create"),
                    Map.of("subType", 0, "filter", Map.of("assetIds", List.of(fleet.deviceA())), "webhook",
                            Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                                    "secret", "hook-secret")));
            assertThat(created.ok()).as(created.toString()).isTrue();
            int port = context.getBean(MqttGateway.class).port();
            try (var b = device("dev-b", port); var a = device("dev-a", port)) {
                post(b, "dev-b", 11.25);
                post(a, "dev-a", 22.75);
                String first = received.poll(15, TimeUnit.SECONDS);
                assertThat(first).as("site A's record").isNotNull().contains("22.75");
                String more = received.poll(2, TimeUnit.SECONDS);
                assertThat(more).as("nothing of site B").isNull();
            }
        } finally {
            server.stop(0);
        }
    }

    private MqttTestDevice device(String deviceKey, int port) throws Exception {
        Tenant t = fleet.tenant();
        String secret = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                "productKey", fleet.productKey(), "deviceKey", deviceKey), null).data().path("deviceSecret")
                .asString();
        return MqttTestDevice.connect(port, fleet.productKey(), deviceKey, secret);
    }

    private void post(MqttTestDevice d, String deviceKey, double temp) throws Exception {
        d.publish("/sys/" + fleet.productKey() + "/" + deviceKey + "/thing/measurepoint/post",
                "{\"id\":\"1\",\"version\":\"1.0\",\"method\":\"thing.measurepoint.post\",\"params\":"
                        + "{\"measurepoints\":{\"temp\":" + temp + "}}}");
    }

    private ApiClient.Response change(ApiClient client, String action, String subId, Object body) {
        Map<String, Object> params = q(action);
        params.put("subId", subId);
        return client.post("/subscription-service/v2.1/subscriptions", params, body);
    }

    private String createdByTheOrganization(Map<String, Object> filter) {
        var r = fleet.tenant().app().post("/subscription-service/v2.1/subscriptions", q("create"),
                Map.of("subType", 0, "filter", filter));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data().path("subId").asString();
    }

    @Test
    void aSubscriptionWithinTheSiteIsChangedAndDeletedByTheSiteHolderAndAnyOtherStaysOutOfReach() {
        var created = create(Map.of("assetIds", List.of(fleet.deviceA())));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String mine = created.data().path("subId").asString();

        var renamed = change(siteSubscriber, "update", mine, Map.of("name", "site A",
                "filter", Map.of("assetIds", List.of(fleet.deviceA(), fleet.siteA()))));
        assertThat(renamed.ok()).as(renamed.toString()).isTrue();
        assertThat(renamed.data().path("filter").path("assetIds")).hasSize(2);
        var nameOnly = change(siteSubscriber, "update", mine, Map.of("name", "site A only"));
        assertThat(nameOnly.ok()).as(nameOnly.toString()).isTrue();

        var widened = change(siteSubscriber, "update", mine, Map.of("filter",
                Map.of("assetIds", List.of(fleet.deviceA(), fleet.deviceB()))));
        assertThat(widened.code()).as(widened.toString()).isEqualTo(99403);
        assertThat(widened.body().path("msg").asString()).contains("outside your scope");
        var byModel = change(siteSubscriber, "update", mine, Map.of("filter", Map.of("modelIds", List.of("subscoped"))));
        assertThat(byModel.code()).as(byModel.toString()).isEqualTo(99403);
        assertThat(byModel.body().path("msg").asString()).contains("whole organization");
        var kept = fleet.tenant().app().post("/subscription-service/v2.1/subscriptions",
                new HashMap<>(Map.of("action", "get", "orgId", fleet.tenant().orgId(), "subId", mine)), null);
        assertThat(kept.data().path("filter").path("assetIds")).hasSize(2);
        assertThat(kept.data().path("name").asString()).isEqualTo("site A only");

        String siteB = createdByTheOrganization(Map.of("assetIds", List.of(fleet.deviceB())));
        String both = createdByTheOrganization(Map.of("assetIds", List.of(fleet.deviceA(), fleet.deviceB())));
        String whole = createdByTheOrganization(Map.of("modelIds", List.of("subscoped")));
        for (String other : List.of(siteB, both, whole, "no-such-subscription")) {
            for (String action : List.of("update", "delete", "rotateSecret")) {
                var r = change(siteSubscriber, action, other, action.equals("update")
                        ? Map.of("filter", Map.of("assetIds", List.of(fleet.deviceA()))) : null);
                assertThat(r.code()).as(action + " " + other + " -> " + r).isEqualTo(99403);
                assertThat(r.body().path("msg").asString()).contains("outside your scope");
            }
        }
        assertThat(fleet.tenant().app().post("/subscription-service/v2.1/subscriptions",
                new HashMap<>(Map.of("action", "get", "orgId", fleet.tenant().orgId(), "subId", both)), null).data()
                .path("filter").path("assetIds")).hasSize(2);

        var rotated = change(siteSubscriber, "rotateSecret", mine, null);
        assertThat(rotated.ok()).as(rotated.toString()).isTrue();
        var deleted = change(siteSubscriber, "delete", mine, null);
        assertThat(deleted.ok()).as(deleted.toString()).isTrue();
    }
}
