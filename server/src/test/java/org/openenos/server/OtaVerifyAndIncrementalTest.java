package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/**
 * Verify jobs and the incremental policy (enos-ota §3–4) over the API with real devices, and the search expressions
 * of the OTA APIs parsed by the platform's filter grammar.
 */
class OtaVerifyAndIncrementalTest extends ConnectivityTestBase {
    private static final String FIRMWARES = "/connect-service/v2.1/ota-firmwares";
    private static final String JOBS = "/connect-service/v2.1/ota-jobs";

    @Test
    void aFirmwareThatNeedsVerificationIsUsableForUpgradesOnlyAfterItsVerifyJobSucceeded() throws Exception {
        Tenant t = newTenant();
        List<DeviceInfo> devices = devices(t, "otaVerify", false, 3);
        String productKey = devices.getFirst().productKey();
        String firmwareId = upload(t, productKey, "2.0", Map.of("enableVerification", true,
                "maxAllowedForVerification", 2, "minSuccessForVerified", 1));
        JsonNode firmware = t.app().post(FIRMWARES, Map.of("action", "get", "orgId", t.orgId(),
                "firmwareId", firmwareId), null).data();
        assertThat(firmware.path("enableVerification").asBoolean()).isTrue();
        assertThat(firmware.path("isVerified").asBoolean()).isFalse();

        var refused = createJob(t, firmwareId, "upgrade", Map.of("type", "all"), Map.of());
        assertThat(refused.code()).as(refused.toString()).isEqualTo(99409);
        assertThat(refused.body().path("msg").asString()).contains("must pass a verify job");

        String tooWide = createJob(t, firmwareId, "verify", Map.of("type", "all"), Map.of()).data().path("jobId")
                .asString();
        var wide = t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", tooWide), null);
        assertThat(wide.code()).as(wide.toString()).isEqualTo(99400);
        assertThat(wide.body().path("msg").asString()).contains("at most 2 (maxAllowedForVerification)");
        t.app().post(JOBS, Map.of("action", "delete", "orgId", t.orgId(), "jobId", tooWide), null);

        DeviceInfo pilot = devices.getFirst();
        var verify = createJob(t, firmwareId, "verify", Map.of("type", "partial",
                "deviceKeys", List.of(pilot.deviceKey())), Map.of());
        assertThat(verify.ok()).as(verify.toString()).isTrue();
        String verifyJob = verify.data().path("jobId").asString();
        assertThat(t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", verifyJob), null).data()
                .path("type").asString()).isEqualTo("verify");
        try (MqttTestDevice d = connect(pilot)) {
            d.request("ota/device/inform", "ota.device.inform", Map.of("version", "1.0"), "v1");
            t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", verifyJob), null);
            assertThat(d.next(d.topic("ota/device/upgrade")).path("params").path("version").asString())
                    .isEqualTo("2.0");
            d.request("ota/device/inform", "ota.device.inform", Map.of("version", "2.0"), "v2");
        }
        Await.atMost(Duration.ofSeconds(10)).until("the firmware is verified",
                () -> t.app().post(FIRMWARES, Map.of("action", "get", "orgId", t.orgId(), "firmwareId", firmwareId),
                        null).data(), f -> f.path("isVerified").asBoolean());

        var upgrade = createJob(t, firmwareId, "upgrade", Map.of("type", "all"), Map.of());
        assertThat(upgrade.ok()).as(upgrade.toString()).isTrue();
        var again = createJob(t, firmwareId, "verify", Map.of("type", "all"), Map.of());
        assertThat(again.code()).as("a verified firmware needs no other verify job").isEqualTo(99409);
    }

    @Test
    void anIncrementalJobTakesOnDevicesThatComeToMatchWhileItRuns() throws Exception {
        Tenant t = newTenant();
        List<DeviceInfo> devices = devices(t, "otaIncr", false, 2);
        String productKey = devices.getFirst().productKey();
        String firmwareId = upload(t, productKey, "3.0", Map.of());
        try (MqttTestDevice a = connect(devices.get(0)); MqttTestDevice b = connect(devices.get(1))) {
            a.request("ota/device/inform", "ota.device.inform", Map.of("version", "1.0"), "v1");
            b.request("ota/device/inform", "ota.device.inform", Map.of("version", "2.0"), "v1");
            var created = createJob(t, firmwareId, "upgrade", Map.of("type", "partial",
                    "versionNumbers", List.of("2.0")), Map.of("upgradePolicy", "incremental"));
            assertThat(created.ok()).as(created.toString()).isTrue();
            String jobId = created.data().path("jobId").asString();
            t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null);

            assertThat(b.next(b.topic("ota/device/upgrade")).path("params").path("version").asString())
                    .isEqualTo("3.0");
            b.request("ota/device/inform", "ota.device.inform", Map.of("version", "3.0"), "v2");
            assertThat(a.received()).noneMatch(m -> m.topic().endsWith("/ota/device/upgrade"));

            // device a is upgraded to 2.0 by other means: it now matches, and joins the running job
            a.request("ota/device/inform", "ota.device.inform", Map.of("version", "2.0"), "v2");
            assertThat(a.next(a.topic("ota/device/upgrade")).path("params").path("version").asString())
                    .isEqualTo("3.0");
            a.request("ota/device/inform", "ota.device.inform", Map.of("version", "3.0"), "v3");

            JsonNode job = Await.atMost(Duration.ofSeconds(10)).until("both devices succeeded",
                    () -> t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", jobId), null)
                            .data(), j -> j.path("taskStatistics").path("succeeded").asInt() == 2);
            assertThat(job.path("upgradePolicy").asString()).isEqualTo("incremental");
            Thread.sleep(2_500); // more than two rollout passes
            assertThat(t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", jobId), null).data()
                    .path("status").asString()).as("an incremental job runs until stopped or canceled")
                    .isEqualTo("running");
        }
    }

    @Test
    void aJobForAnAssetTreeBranchTargetsOnlyTheDevicesUnderIt() throws Exception {
        Tenant t = newTenant();
        List<DeviceInfo> devices = devices(t, "otaTree", false, 2);
        String productKey = devices.getFirst().productKey();
        var tree = t.app().post("/asset-tree-service/v2.1/asset-trees", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("tree", Map.of("name", Map.of("defaultValue", "Plant")),
                "asset", Map.of("modelId", "otaTree", "name", Map.of("defaultValue", "North"))));
        assertThat(tree.ok()).as(tree.toString()).isTrue();
        String treeId = tree.data().path("treeId").asString();
        String north = tree.data().path("assetId").asString();
        var joined = t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "associateAsset",
                "orgId", t.orgId(), "treeId", treeId, "parentAssetId", north, "assetId", devices.get(0).assetId()),
                null);
        assertThat(joined.ok()).as(joined.toString()).isTrue();
        String firmwareId = upload(t, productKey, "4.0", Map.of());

        var created = createJob(t, firmwareId, "upgrade", Map.of("type", "partial", "treeId", treeId,
                "assetId", north), Map.of());
        assertThat(created.ok()).as(created.toString()).isTrue();
        String jobId = created.data().path("jobId").asString();
        assertThat(t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null).ok())
                .isTrue();
        JsonNode tasks = t.app().post(JOBS, Map.of("action", "searchTask", "orgId", t.orgId(), "jobId", jobId),
                Map.of()).data();
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).path("deviceKey").asString()).isEqualTo(devices.get(0).deviceKey());

        var elsewhere = createJob(t, firmwareId, "upgrade", Map.of("type", "partial", "treeId", treeId,
                "assetId", "no-such-asset"), Map.of());
        assertThat(elsewhere.code()).as(elsewhere.toString()).isEqualTo(99404);
        Tenant other = newTenant();
        var foreign = other.app().post(JOBS, Map.of("action", "create", "orgId", other.orgId(), "firmwareId",
                firmwareId), Map.of("type", "upgrade", "upgradeScope", Map.of("treeId", treeId, "assetId", north)));
        assertThat(foreign.ok()).as("another organization's firmware and tree stay invisible").isFalse();
    }

    @Test
    void searchExpressionsAreParsedAndWhatCannotBeAppliedIsRefused() throws Exception {
        Tenant t = newTenant();
        String productKey = devices(t, "otaSearch", false, 1).getFirst().productKey();
        upload(t, productKey, "1.0", Map.of());
        upload(t, productKey, "1.1", Map.of());

        var both = t.app().post(FIRMWARES, Map.of("action", "search", "orgId", t.orgId()),
                Map.of("expression", "productKey = \"" + productKey + "\" and version = '1.1'"));
        assertThat(both.data()).hasSize(1);
        assertThat(both.data().get(0).path("version").asString()).isEqualTo("1.1");

        for (String unsupported : List.of("version = '1.0' or version = '1.1'", "name.default like 'fw%'",
                "productKey in ('a', 'b')", "version != '1.0'", "color = 'red'")) {
            var refused = t.app().post(FIRMWARES, Map.of("action", "search", "orgId", t.orgId()),
                    Map.of("expression", unsupported));
            assertThat(refused.code()).as(unsupported).isEqualTo(99400);
            assertThat(refused.body().path("msg").asString()).as(unsupported).contains("productKey, version");
        }
        var broken = t.app().post(JOBS, Map.of("action", "search", "orgId", t.orgId()),
                Map.of("expression", "status = "));
        assertThat(broken.code()).isEqualTo(99400);
    }

    private String upload(Tenant t, String productKey, String version, Map<String, Object> extra) throws Exception {
        byte[] file = ("firmware " + version).getBytes();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(file));
        Map<String, Object> meta = new HashMap<>(Map.of("name", Map.of("defaultValue", "fw"), "version", version,
                "signMethod", "md5", "sign", md5));
        meta.putAll(extra);
        var response = t.app().upload(FIRMWARES, Map.of("action", "create", "orgId", t.orgId(),
                "productKey", productKey), Map.of("metadata", ApiClient.JSON.writeValueAsString(meta)), "file", file);
        assertThat(response.ok()).as(response.toString()).isTrue();
        return response.data().path("firmwareId").asString();
    }

    private ApiClient.Response createJob(Tenant t, String firmwareId, String type, Map<String, Object> scope,
                                         Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", Map.of("defaultValue", "job"), "type", type,
                "upgradeScope", scope, "upgradeTimeout", "600"));
        body.putAll(extra);
        return t.app().post(JOBS, Map.of("action", "create", "orgId", t.orgId(), "firmwareId", firmwareId), body);
    }
}
