package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/** The commands API over real HTTP, delivered to a real MQTT client that never subscribes to command topics. */
class CommandApiTest extends ConnectivityTestBase {
    private static final String COMMANDS = "/connect-service/v2.1/commands";

    @Test
    void aSyncServiceAnswersWithTheDevicesOutputData() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "cmd_sync", false, 1).getFirst();
        try (MqttTestDevice device = connect(d)) {
            CompletableFuture<ApiClient.Response> call = CompletableFuture.supplyAsync(() -> t.app().post(COMMANDS,
                    Map.of("action", "invokeService", "orgId", t.orgId(), "assetId", d.assetId(), "serviceId",
                            "reboot", "timeout", 10), Map.of("inputData", Map.of("delay", 3))));
            JsonNode command = device.next(d.topic("thing/service/reboot"));
            assertThat(command.path("method").asString()).isEqualTo("thing.service.reboot");
            assertThat(command.path("params").path("delay").asInt()).isEqualTo(3);
            device.publish(d.topic("thing/service/reboot_reply"), "{\"id\":\"" + command.path("id").asString()
                    + "\",\"code\":200,\"data\":{\"result\":\"rebooting\"}}");
            ApiClient.Response response = call.get(15, TimeUnit.SECONDS);
            assertThat(response.ok()).as(response.toString()).isTrue();
            assertThat(response.data().path("outputData").path("result").asString()).isEqualTo("rebooting");
            String commandId = response.data().path("commandId").asString();
            assertThat(commandId).isEqualTo(command.path("id").asString());
            var got = t.app().post(COMMANDS, Map.of("action", "get", "orgId", t.orgId(), "commandId", commandId), null);
            assertThat(got.data().path("state").asInt()).isEqualTo(5);
            assertThat(got.data().path("inputData").path("delay").asInt()).isEqualTo(3);
        }
    }

    @Test
    void waitingSyncCallsHoldNoServletThreadAndAllGetTheirReplies() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "cmd_async", false, 1).getFirst();
        int calls = 12;
        try (MqttTestDevice device = connect(d);
             var callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.List<CompletableFuture<ApiClient.Response>> pending = new java.util.ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int delay = i;
                pending.add(CompletableFuture.supplyAsync(() -> t.app().post(COMMANDS, Map.of("action",
                        "invokeService", "orgId", t.orgId(), "assetId", d.assetId(), "serviceId", "reboot",
                        "timeout", 30), Map.of("inputData", Map.of("delay", delay))), callers));
            }
            java.util.List<JsonNode> commands = new java.util.ArrayList<>();
            for (int i = 0; i < calls; i++) {
                commands.add(device.next(d.topic("thing/service/reboot")));
            }
            // every call is now waiting for the device: none of them may sit on a request thread, platform or
            // virtual (the JDK's thread dump lists both; the callers' own threads show they are all still waiting)
            // (a request that has just handed its command over may still be recording it as released: give the
            // requests a moment to return; a call that waited on a thread would stay in the dump for 30 s)
            String dump = Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100))
                    .lastOf(CommandApiTest::threadDump,
                            text -> !text.contains("org.openenos.rest.command.CommandController"));
            assertThat(dump).contains("CommandApiTest").doesNotContain("org.openenos.rest.command.CommandController");
            for (JsonNode command : commands) {
                device.publish(d.topic("thing/service/reboot_reply"), "{\"id\":\"" + command.path("id").asString()
                        + "\",\"code\":200,\"data\":{\"result\":\"r" + command.path("params").path("delay").asInt()
                        + "\"}}");
            }
            for (int i = 0; i < calls; i++) {
                ApiClient.Response response = pending.get(i).get(15, TimeUnit.SECONDS);
                assertThat(response.ok()).as(response.toString()).isTrue();
                assertThat(response.data().path("outputData").path("result").asString()).isEqualTo("r" + i);
            }
        }
    }

    @Test
    void aDeviceThatDoesNotAnswerInTimeGives11915AndStateSeven() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "cmd_timeout", false, 1).getFirst();
        try (MqttTestDevice device = connect(d)) {
            var response = t.app().post(COMMANDS, Map.of("action", "invokeService", "orgId", t.orgId(),
                    "productKey", d.productKey(), "deviceKey", d.deviceKey(), "serviceId", "reboot", "timeout", 1),
                    Map.of("inputData", Map.of("delay", 1)));
            assertThat(response.code()).as(response.toString()).isEqualTo(11915);
            String commandId = response.data().path("commandId").asString();
            device.next(d.topic("thing/service/reboot"));
            var got = t.app().post(COMMANDS, Map.of("action", "get", "orgId", t.orgId(), "commandId", commandId), null);
            assertThat(got.data().path("state").asInt()).isEqualTo(7);
        }
    }

    @Test
    void anOfflineDeviceWithoutPendingTtlIsRefusedWith11900() {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "cmd_offline", false, 1).getFirst();
        // a device that never logged in is not activated: log it in once so only "offline" remains
        try (MqttTestDevice ignored = connect(d)) {
            assertThat(ignored.isConnected()).isTrue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        var response = t.app().post(COMMANDS, Map.of("action", "invokeService", "orgId", t.orgId(), "assetId",
                d.assetId(), "serviceId", "flash"), Map.of("inputData", Map.of()));
        assertThat(response.code()).as(response.toString()).isEqualTo(11900);
    }

    @Test
    void aCommandForAnOfflineDeviceIsDeliveredWhenItReconnects() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "cmd_pending", false, 1).getFirst();
        connect(d).close();
        var response = t.app().post(COMMANDS, Map.of("action", "invokeService", "orgId", t.orgId(), "assetId",
                d.assetId(), "serviceId", "flash", "pendingTtl", 600), Map.of("inputData", Map.of()));
        assertThat(response.ok()).as(response.toString()).isTrue();
        String commandId = response.data().path("commandId").asString();
        var waiting = t.app().post(COMMANDS, Map.of("action", "get", "orgId", t.orgId(), "commandId", commandId), null);
        assertThat(waiting.data().path("state").asInt()).isEqualTo(1);
        try (MqttTestDevice device = connect(d)) {
            JsonNode command = device.next(d.topic("thing/service/flash"));
            assertThat(command.path("id").asString()).isEqualTo(commandId);
            device.publish(d.topic("thing/service/flash_reply"), "{\"id\":\"" + commandId + "\",\"code\":200,\"data\":{}}");
            awaitState(t, commandId, 5);
        }
    }

    @Test
    void aWaitingCommandCanBeCanceledAndThenIsNotDelivered() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "cmd_cancel", false, 1).getFirst();
        connect(d).close();
        var response = t.app().post(COMMANDS, Map.of("action", "setMeasurepoint", "orgId", t.orgId(), "assetId",
                d.assetId(), "measurepointId", "power", "pendingTtl", 600), Map.of("value", 5));
        String commandId = response.data().path("commandId").asString();
        var canceled = t.app().post(COMMANDS, Map.of("action", "cancel", "orgId", t.orgId(), "commandId", commandId),
                null);
        assertThat(canceled.data().path("state").asInt()).as(canceled.toString()).isEqualTo(2);
        var again = t.app().post(COMMANDS, Map.of("action", "cancel", "orgId", t.orgId(), "commandId", commandId),
                null);
        assertThat(again.status()).isEqualTo(400);
        try (MqttTestDevice device = connect(d)) {
            Thread.sleep(500);
            assertThat(device.received()).noneMatch(m -> m.topic().contains("measurepoint/set"));
        }
    }

    @Test
    void setMeasurepointReachesTheDeviceWithTheCoercedValue() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "cmd_set", false, 1).getFirst();
        try (MqttTestDevice device = connect(d)) {
            var response = t.app().post(COMMANDS, Map.of("action", "setMeasurepoint", "orgId", t.orgId(),
                    "assetId", d.assetId(), "measurepointId", "power"), Map.of("value", 7));
            assertThat(response.ok()).as(response.toString()).isTrue();
            JsonNode command = device.next(d.topic("thing/service/measurepoint/set"));
            assertThat(command.path("method").asString()).isEqualTo("thing.service.measurepoint.set");
            assertThat(command.path("params").path("power").asDouble()).isEqualTo(7.0);
        }
    }

    @Test
    void inputDataIsCheckedAgainstTheServiceDefinition() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "cmd_valid", false, 1).getFirst();
        try (MqttTestDevice ignored = connect(d)) {
            var unknown = t.app().post(COMMANDS, Map.of("action", "invokeService", "orgId", t.orgId(), "assetId",
                    d.assetId(), "serviceId", "reboot"), Map.of("inputData", Map.of("delai", 3)));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body().path("msg").asString()).contains("delai");
            var wrongType = t.app().post(COMMANDS, Map.of("action", "invokeService", "orgId", t.orgId(), "assetId",
                    d.assetId(), "serviceId", "reboot"), Map.of("inputData", Map.of("delay", "soon")));
            assertThat(wrongType.status()).isEqualTo(400);
            var noService = t.app().post(COMMANDS, Map.of("action", "invokeService", "orgId", t.orgId(), "assetId",
                    d.assetId(), "serviceId", "explode"), Map.of("inputData", Map.of()));
            assertThat(noService.status()).isEqualTo(400);
            var badTimeout = t.app().post(COMMANDS, Map.of("action", "invokeService", "orgId", t.orgId(), "assetId",
                    d.assetId(), "serviceId", "reboot", "timeout", 61), Map.of("inputData", Map.of()));
            assertThat(badTimeout.status()).isEqualTo(400);
        }
    }

    @Test
    void anotherOrganizationSeesNeitherTheDeviceNorItsCommands() throws Exception {
        Tenant owner = newTenant();
        Tenant other = newTenant();
        DeviceInfo d = devices(owner, "cmd_iso", false, 1).getFirst();
        connect(d).close();
        var sent = owner.app().post(COMMANDS, Map.of("action", "invokeService", "orgId", owner.orgId(), "assetId",
                d.assetId(), "serviceId", "flash", "pendingTtl", 60), Map.of("inputData", Map.of()));
        String commandId = sent.data().path("commandId").asString();
        var foreignSend = other.app().post(COMMANDS, Map.of("action", "invokeService", "orgId", other.orgId(),
                "assetId", d.assetId(), "serviceId", "flash"), Map.of("inputData", Map.of()));
        assertThat(foreignSend.status()).isEqualTo(404);
        var foreignGet = other.app().post(COMMANDS, Map.of("action", "get", "orgId", other.orgId(), "commandId",
                commandId), null);
        assertThat(foreignGet.status()).isEqualTo(404);
        var wrongOrg = other.app().post(COMMANDS, Map.of("action", "get", "orgId", owner.orgId(), "commandId",
                commandId), null);
        assertThat(wrongOrg.status()).isEqualTo(403);
        var search = owner.app().post(COMMANDS, Map.of("action", "search", "orgId", owner.orgId()),
                Map.of("assetId", d.assetId()));
        assertThat(search.data()).hasSize(1);
        assertThat(search.body().path("pagination").path("totalSize").asLong()).isEqualTo(1);
        var otherSearch = other.app().post(COMMANDS, Map.of("action", "search", "orgId", other.orgId()), Map.of());
        assertThat(otherSearch.data()).isEmpty();
    }

    private static String threadDump() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempDirectory("threads").resolve("dump.txt");
        java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .dumpThreads(file.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
        try {
            return java.nio.file.Files.readString(file);
        } finally {
            java.nio.file.Files.delete(file);
            java.nio.file.Files.delete(file.getParent());
        }
    }

    private void awaitState(Tenant t, String commandId, int state) throws InterruptedException {
        int last = Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100))
                .lastOf(() -> t.app().post(COMMANDS, Map.of("action", "get", "orgId", t.orgId(),
                        "commandId", commandId), null).data().path("state").asInt(), s -> s == state);
        assertThat(last).isEqualTo(state);
    }
}
