package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.server.AssetScopeApiTest.Fleet;
import org.openenos.testkit.MqttTestDevice;

/**
 * Commands, device events, connection events and device logs searched without naming a device: a caller scoped to
 * one site gets its site's, paged and counted in the query; a device of another site named in the search is refused
 * as before.
 */
class DeviceRecordsScopeApiTest extends ServerTestBase {
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;

    private Fleet fleet;
    private ApiClient siteOperator;

    @BeforeEach
    void fleetWithACommandOnEachDevice() throws Exception {
        fleet = Fleet.create(newTenant(), "records");
        siteOperator = AssetScopeApiTest.scopedUser(this, fleet, AssetScopeApiTest.SITE_OPERATOR);
        Tenant t = fleet.tenant();
        int port = context.getBean(MqttGateway.class).port();
        for (String[] d : List.of(new String[] {fleet.deviceA(), "dev-a"}, new String[] {fleet.deviceB(), "dev-b"})) {
            String secret = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId",
                    t.orgId(), "assetId", d[0]), null).data().path("deviceSecret").asString();
            MqttTestDevice.connect(port, fleet.productKey(), d[1], secret).close(); // activated: takes commands
            var command = t.app().post("/connect-service/v2.1/commands", Map.of("action", "setMeasurepoint",
                    "orgId", t.orgId(), "assetId", d[0], "measurepointId", "power", "pendingTtl", 600),
                    Map.of("value", 5));
            assertThat(command.data().path("commandId").isString()).as(command.toString()).isTrue();
        }
    }

    private Map<String, Object> search() {
        return Map.of("action", "search", "orgId", fleet.tenant().orgId());
    }

    @Test
    void aCommandSearchWithoutADeviceAnswersTheSitesCommandsOnly() {
        var mine = siteOperator.post("/connect-service/v2.1/commands", search(), Map.of());
        assertThat(mine.ok()).as(mine.toString()).isTrue();
        assertThat(mine.data().findValuesAsString("assetId")).containsExactly(fleet.deviceA());
        assertThat(mine.body().path("pagination").path("totalSize").asInt()).isEqualTo(1);

        var all = fleet.tenant().app().post("/connect-service/v2.1/commands", search(), Map.of());
        assertThat(all.data().findValuesAsString("assetId")).containsExactlyInAnyOrder(fleet.deviceA(),
                fleet.deviceB());

        var other = siteOperator.post("/connect-service/v2.1/commands", search(), Map.of("assetId", fleet.deviceB()));
        assertThat(other.code()).as(other.toString()).isEqualTo(99403);
    }

    @Test
    void aDeviceEventSearchWithoutADeviceIsAnsweredWithinTheSite() {
        var mine = siteOperator.post("/connect-service/v2.1/events", search(), Map.of());
        assertThat(mine.ok()).as(mine.toString()).isTrue();
        assertThat(mine.data().findValuesAsString("assetId")).doesNotContain(fleet.deviceB());
        var other = siteOperator.post("/connect-service/v2.1/events", search(), Map.of("productKey",
                fleet.productKey(), "deviceKey", "dev-b"));
        assertThat(other.code()).as(other.toString()).isEqualTo(99403);
    }

    @Test
    void connectionEventAndDeviceLogSearchesWithoutADeviceAnswerTheSitesRecordsOnly() {
        Tenant t = fleet.tenant();
        org.openenos.testkit.Await.atMost(java.time.Duration.ofSeconds(15)).until("both devices' connection events",
                () -> t.app().post("/connect-service/v2.1/device-connection-events", search(), Map.of()).data()
                        .findValuesAsString("assetId").containsAll(List.of(fleet.deviceA(), fleet.deviceB())));
        for (String path : List.of("/connect-service/v2.1/device-connection-events",
                "/connect-service/v2.1/device-logs")) {
            var mine = siteOperator.post(path, search(), Map.of());
            assertThat(mine.ok()).as(path + " " + mine).isTrue();
            List<String> assets = mine.data().findValuesAsString("assetId");
            assertThat(assets).as(path).isNotEmpty().containsOnly(fleet.deviceA());
            assertThat(mine.body().path("pagination").path("totalSize").asInt()).as(path).isEqualTo(assets.size());

            var other = siteOperator.post(path, search(), Map.of("assetId", fleet.deviceB()));
            assertThat(other.code()).as(path + " " + other).isEqualTo(99403);
        }
        var network = siteOperator.post("/connect-service/v2.1/device-logs", search(), Map.of("logType", "network"));
        assertThat(network.ok()).as(network.toString()).isTrue();
    }
}
