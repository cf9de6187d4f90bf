package org.openenos.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openenos.server.sdk.SdkFixtures.createDevice;
import static org.openenos.server.sdk.SdkFixtures.createModel;
import static org.openenos.server.sdk.SdkFixtures.createProduct;
import static org.openenos.server.sdk.SdkFixtures.rawEventually;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.connectivity.command.CommandRecord;
import org.openenos.connectivity.command.CommandService;
import org.openenos.connectivity.command.InvokeServiceRequest;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.DeviceClientOptions;
import org.openenos.sdk.DeviceId;
import org.openenos.sdk.DeviceRegistration;
import org.openenos.sdk.DeviceRequestException;
import org.openenos.sdk.Login;
import org.openenos.sdk.MeasurepointItem;
import org.openenos.sdk.SecretStore;
import org.openenos.sdk.SubDevice;
import org.openenos.server.ServerTestBase;
import org.openenos.testkit.Await;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The device SDK against the real server over real sockets: every upstream family, commands, outages. */
class DeviceSdkIntegrationTest extends ServerTestBase {
    @Autowired
    MqttGateway gateway;
    @Autowired
    CommandService commands;
    @TempDir
    Path dir;

    private Tenant tenant;
    private String productKey;
    private String productSecret;
    private String gatewayProductKey;

    @BeforeEach
    void fleet() {
        tenant = newTenant();
        createModel(tenant.app(), tenant.orgId(), "sdkTurbine");
        String[] product = createProduct(tenant.app(), tenant.orgId(), "sdkTurbine", "Device", true);
        productKey = product[0];
        productSecret = product[1];
        gatewayProductKey = createProduct(tenant.app(), tenant.orgId(), "sdkTurbine", "Gateway", false)[0];
    }

    private DeviceClientOptions options(int port) {
        return DeviceClientOptions.of("tcp://127.0.0.1:" + port).withReplyTimeout(Duration.ofSeconds(10))
                .withReconnect(true, Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    private DeviceClient device(String deviceKey, String secret) {
        return DeviceClient.create(options(gateway.port()), new Login.Secret(productKey, deviceKey, secret));
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(15, TimeUnit.SECONDS);
    }

    @Test
    void everyUpstreamTopicFamilyOfTheSdkIsAcceptedAndTheDataIsStored() throws Exception {
        String[] d = createDevice(tenant.app(), tenant.orgId(), productKey, "up-1");
        try (DeviceClient client = device("up-1", d[1])) {
            await(client.connect());
            long t = System.currentTimeMillis() - 10_000;
            await(client.postMeasurepoints(new MeasurepointItem(null, t, Map.of("power", 1.0))));
            await(client.postMeasurepointBatch(List.of(new MeasurepointItem(null, t + 1, Map.of("power", 2.0)),
                    new MeasurepointItem(null, t + 2, Map.of("power", 3.0))), false, false));
            await(client.resumeMeasurepoints(new MeasurepointItem(null, t + 3, Map.of("power", 4.0))));
            await(client.resumeMeasurepointBatch(List.of(new MeasurepointItem(null, t + 4, Map.of("power", 5.0))),
                    false));
            await(client.postEvent(null, "fault", Map.of("code", 42), t + 5));
            await(client.updateAttributes(Map.of("ratedPower", 2500.0)));
            assertThat(await(client.queryAttributes(List.of()))).containsEntry("ratedPower", 2500.0);
            await(client.deleteAttributes(List.of("ratedPower")));
            assertThat(await(client.queryAttributes(List.of()))).doesNotContainKey("ratedPower");
            await(client.updateTags(Map.of("site", "north")));
            assertThat(await(client.queryTags(List.of("site")))).containsEntry("site", "north");
            await(client.deleteTags(List.of("site")));
            assertThat(await(client.queryTags(List.of()))).doesNotContainKey("site");
            await(client.informVersion("1.2.3"));

            JsonNode rows = rawEventually(tenant.app(), tenant.orgId(), d[2], "power", 5);
            List<Double> values = new ArrayList<>();
            rows.forEach(row -> values.add(row.path("power").asDouble()));
            assertThat(values).containsExactlyInAnyOrder(1.0, 2.0, 3.0, 4.0, 5.0);
        }
    }

    @Test
    void aRequestTheServerRefusesFailsWithItsEnosCode() throws Exception {
        String[] d = createDevice(tenant.app(), tenant.orgId(), productKey, "bad-1");
        try (DeviceClient client = device("bad-1", d[1])) {
            await(client.connect());
            assertThatThrownBy(() -> await(client.postMeasurepoints(Map.of("noSuchPoint", 1.0))))
                    .hasCauseInstanceOf(DeviceRequestException.class)
                    .cause().extracting(e -> ((DeviceRequestException) e).code()).isNotEqualTo(200);
        }
    }

    @Test
    void aServiceInvocationReachesTheHandlerAndItsAnswerComesBack() throws Exception {
        String[] d = createDevice(tenant.app(), tenant.orgId(), productKey, "cmd-1");
        try (DeviceClient client = device("cmd-1", d[1])) {
            client.onService("restart", command -> Map.of("accepted",
                    ((Number) ((Map<?, ?>) command.params()).get("delay")).intValue() < 60));
            await(client.connect());
            CommandRecord record = await(commands.invokeService(new InvokeServiceRequest(productKey, "cmd-1",
                    "restart", Map.of("delay", 5), 0, 10)));
            assertThat(record.replyCode()).isEqualTo(200);
            assertThat(record.outputData()).isEqualTo(Map.of("accepted", true));
                    }
    }

    @Test
    void aGatewayManagesTopologyAndPostsForItsSubDevices() throws Exception {
        String[] gw = createGateway("gw-1");
        String[] sub1 = createDevice(tenant.app(), tenant.orgId(), productKey, "sub-1");
        String[] sub2 = createDevice(tenant.app(), tenant.orgId(), productKey, "sub-2");
        try (DeviceClient client = DeviceClient.create(options(gateway.port()),
                new Login.Secret(gatewayProductKey, "gw-1", gw[1]))) {
            await(client.connect());
            var ops = client.gateway();
            await(ops.addTopo(List.of(new SubDevice(productKey, "sub-1", sub1[1]),
                    new SubDevice(productKey, "sub-2", sub2[1]))));
            assertThat(await(ops.getTopo())).contains(new DeviceId(productKey, "sub-1"), new DeviceId(productKey, "sub-2"));
            assertThat(await(ops.login(new SubDevice(productKey, "sub-1", sub1[1]))).assetId()).isEqualTo(sub1[2]);
            var batch = await(ops.loginBatch(List.of(new SubDevice(productKey, "sub-2", sub2[1]))));
            assertThat(batch.loggedIn()).extracting(l -> l.assetId()).containsExactly(sub2[2]);
            long t = System.currentTimeMillis();
            await(client.postMeasurepoints(new MeasurepointItem(new DeviceId(productKey, "sub-1"), t,
                    Map.of("power", 7.0))));
            await(client.postMeasurepointBatch(List.of(new MeasurepointItem(new DeviceId(productKey, "sub-2"), t,
                    Map.of("power", 8.0))), false, false));
            await(ops.logout(new DeviceId(productKey, "sub-1")));
            await(ops.deleteTopo(List.of(new DeviceId(productKey, "sub-2"))));
            assertThat(await(ops.getTopo())).doesNotContain(new DeviceId(productKey, "sub-2"));
            var registered = await(ops.register(List.of(new DeviceRegistration(productKey, "reg-1", "Registered",
                    "+00:00", null))));
            assertThat(registered).singleElement().satisfies(r -> assertThat(r.deviceSecret()).isNotBlank());

            assertThat(rawEventually(tenant.app(), tenant.orgId(), sub1[2], "power", 1).get(0).path("power").asDouble()).isEqualTo(7.0);
            assertThat(rawEventually(tenant.app(), tenant.orgId(), sub2[2], "power", 1).get(0).path("power").asDouble()).isEqualTo(8.0);
        }
    }

    @Test
    void dynamicActivationStoresTheIssuedSecretAndLogsInAgainWithIt() throws Exception {
        String[] d = createDevice(tenant.app(), tenant.orgId(), productKey, "dyn-1");
        SecretStore secrets = SecretStore.file(dir.resolve("secrets.properties"));
        try (DeviceClient client = DeviceClient.create(options(gateway.port()),
                new Login.DynamicActivation(productKey, "dyn-1", productSecret, secrets))) {
            await(client.connect());
            assertThat(secrets.load(productKey, "dyn-1")).contains(d[1]);
            assertThat(client.deviceSecret()).contains(d[1]);
            await(client.postMeasurepoints(Map.of("power", 1.5)));
        }
        try (DeviceClient again = DeviceClient.create(options(gateway.port()),
                new Login.DynamicActivation(productKey, "dyn-1", productSecret, secrets))) {
            await(again.connect()); // straight to securemode 2 with the stored secret
            await(again.postMeasurepoints(Map.of("power", 2.5)));
        }
    }

    @Test
    void theClientReconnectsByItselfAfterTheConnectionDrops() throws Exception {
        String[] d = createDevice(tenant.app(), tenant.orgId(), productKey, "re-1");
        try (TcpProxy proxy = new TcpProxy(gateway.port());
             DeviceClient client = DeviceClient.create(options(proxy.port()),
                     new Login.Secret(productKey, "re-1", d[1]))) {
            await(client.connect());
            proxy.cut();
            waitUntil(() -> !client.isConnected());
            proxy.restore();
            waitUntil(client::isConnected);
            await(client.postMeasurepoints(Map.of("power", 9.0)));
        }
    }

    @Test
    void pointsPostedDuringAnOutageArriveOnceEachAfterReconnectInTimeOrder() throws Exception {
        String[] d = createDevice(tenant.app(), tenant.orgId(), productKey, "buf-1");
        long t0 = System.currentTimeMillis() - 60_000;
        try (TcpProxy proxy = new TcpProxy(gateway.port());
             DeviceClient client = DeviceClient.create(options(proxy.port()).withBuffer(dir.resolve("buf.log"),
                     1 << 20), new Login.Secret(productKey, "buf-1", d[1]))) {
            await(client.connect());
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                acks.add(client.postMeasurepoints(new MeasurepointItem(null, t0 + i, Map.of("power", (double) i))));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
            proxy.cut();
            waitUntil(() -> !client.isConnected());
            for (int i = 5; i < 25; i++) {
                acks.add(client.postMeasurepoints(new MeasurepointItem(null, t0 + i, Map.of("power", (double) i))));
            }
            assertThat(acks.subList(5, 25)).noneMatch(CompletableFuture::isDone);
            proxy.restore();
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        JsonNode rows = rawEventually(tenant.app(), tenant.orgId(), d[2], "power", 25);
        Thread.sleep(500); // a duplicate, if any, would land right behind the originals
        rows = rawEventually(tenant.app(), tenant.orgId(), d[2], "power", 25);
        Set<Long> times = new HashSet<>();
        List<Long> all = new ArrayList<>();
        rows.forEach(row -> {
            times.add(row.path("timestamp").asLong());
            all.add(row.path("timestamp").asLong());
        });
        assertThat(all).hasSize(25);
        assertThat(times).hasSize(25);
        assertThat(all).isSorted();
    }

    private String[] createGateway(String deviceKey) {
        return createDevice(tenant.app(), tenant.orgId(), gatewayProductKey, deviceKey);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        Await.atMost(Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(50))
                .until("condition", condition::getAsBoolean);
    }
}
