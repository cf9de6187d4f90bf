package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.identity.ApplicationService;
import org.openenos.identity.IdentityService;
import org.openenos.simulator.FleetFiles;
import org.openenos.simulator.ProvisionedFleet;
import org.openenos.testkit.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Demo mode end to end on the shared server: the launcher (as DemoConfiguration builds it when the flag is on)
 * creates its organization, provisions the demo fleet over the REST API and streams it over MQTT; live values of
 * turbines, gateway sub-devices (inverters) and the battery show up in the {@code latest} API within seconds, and
 * the organization has its templated turbine dashboard.
 */
class DemoModeTest extends ServerTestBase {
    @Autowired
    IdentityService identity;
    @Autowired
    ApplicationService applications;
    @Autowired
    MqttGateway gateway;
    @Autowired
    OpenEnosProperties props;
    @Autowired
    Environment env;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    org.openenos.dashboard.DashboardService dashboards;

    @Test
    void demoModeIsOffUnlessItIsSwitchedOn() {
        assertThat(context.getBeansOfType(DemoConfiguration.DemoLauncher.class)).isEmpty();
        assertThat(props.demo().enabled()).isFalse();
    }

    @Test
    void theDemoFleetComesUpAndItsLiveValuesReachTheLatestApi() throws Exception {
        var launcher = new DemoConfiguration.DemoLauncher(identity, applications, gateway, props, env,
                dashboards);
        try {
            launcher.onApplicationEvent(null);
            long deadline = System.currentTimeMillis() + 60_000;
            Await.atMost(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(200))
                    .lastOf(launcher::runner, runner -> runner != null);
            assertThat(launcher.runner()).as("fleet runner started").isNotNull();
            ProvisionedFleet fleet = FleetFiles.read(props.dataDir().resolve("demo/fleet.json")).orElseThrow();
            assertThat(fleet.devices()).hasSize(11);
            assertThat(fleet.gateways()).hasSize(1);

            String assetIds = fleet.devices().stream().map(ProvisionedFleet.SimulatedDevice::assetId)
                    .collect(Collectors.joining(","));
            Set<String> reporting = new HashSet<>();
            Duration left = Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis()));
            Await.atMost(left).pollingEvery(Duration.ofMillis(500)).lastOf(() -> {
                var r = admin().post("/tsdb-service/v2.1/latest", Map.of("orgId", fleet.orgId()),
                        Map.of("assetIds", assetIds, "pointIds", "power,soc"));
                assertThat(r.ok()).as("latest %s", r).isTrue();
                for (JsonNode item : r.data().path("items")) {
                    reporting.add(item.path("assetId").asString());
                }
                return reporting.size();
            }, size -> size >= fleet.devices().size());
            assertThat(reporting).as("devices with a latest value")
                    .containsExactlyInAnyOrderElementsOf(fleet.devices().stream()
                            .map(ProvisionedFleet.SimulatedDevice::assetId).toList());
            assertThat(launcher.runner().posts()).isPositive();
            aDemoDeviceUpgradesWhenAJobTargetsIt(launcher.runner(), fleet);
            var turbine = dashboards.list(fleet.orgId()).stream()
                    .filter(d -> d.name().equals(DemoDashboards.TURBINE)).toList();
            assertThat(turbine).as("one templated turbine dashboard").hasSize(1);
            assertThat(turbine.getFirst().templateModelId()).isEqualTo("demoWindTurbine");
        } finally {
            launcher.destroy();
        }
    }

    /** Issue 19: the simulator's demo devices take OTA upgrades through the device SDK's firmware updater. */
    private void aDemoDeviceUpgradesWhenAJobTargetsIt(org.openenos.simulator.FleetRunner runner,
                                                      ProvisionedFleet fleet) throws Exception {
        ProvisionedFleet.SimulatedDevice device = fleet.devices().stream().filter(d -> d.gatewayDeviceKey() == null)
                .findFirst().orElseThrow();
        byte[] image = "demo firmware 2.0".getBytes();
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(image));
        var uploaded = admin().upload("/connect-service/v2.1/ota-firmwares", Map.of("action", "create",
                "orgId", fleet.orgId(), "productKey", device.productKey()), Map.of("metadata",
                ApiClient.JSON.writeValueAsString(Map.of("version", "2.0", "signMethod", "md5", "sign", md5))),
                "file", image);
        assertThat(uploaded.ok()).as(uploaded.toString()).isTrue();
        var job = admin().post("/connect-service/v2.1/ota-jobs", Map.of("action", "create", "orgId", fleet.orgId(),
                "firmwareId", uploaded.data().path("firmwareId").asString()), Map.of("type", "upgrade",
                "upgradeScope", Map.of("type", "partial", "deviceKeys", java.util.List.of(device.deviceKey()))));
        assertThat(job.ok()).as(job.toString()).isTrue();
        String jobId = job.data().path("jobId").asString();
        assertThat(admin().post("/connect-service/v2.1/ota-jobs", Map.of("action", "start", "orgId", fleet.orgId(),
                "jobId", jobId), null).ok()).isTrue();
        Await.atMost(Duration.ofSeconds(30)).until("the demo device is upgraded",
                () -> admin().post("/connect-service/v2.1/ota-jobs", Map.of("action", "get", "orgId", fleet.orgId(),
                        "jobId", jobId), null).data(),
                j -> j.path("taskStatistics").path("succeeded").asInt() == 1);
        assertThat(runner.firmwareVersion(device.productKey(), device.deviceKey())).isEqualTo("2.0");
    }
}
