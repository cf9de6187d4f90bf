package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.DeviceEventRecord;
import org.openenos.connectivity.DeviceEventStore;
import org.openenos.model.ThingEvent;
import org.openenos.subscription.DurableEvents;
import org.openenos.subscription.netty.EnosSubscriptionClient;
import org.openenos.subscription.netty.SubscriptionListener;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A device event stored in the event store but not yet appended to the event subscriptions' logs when the server
 * stops (the state a crash between the two leaves: the outbox row and the stored event, no log message) reaches the
 * subscriber exactly once after the restart (ADR 0081).
 */
class SubscriptionEventRestartTest {
    private static final String PASSWORD = "Restart-Admin-1";

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(OpenEnosServer.class, "--server.port=0", "--openenos.data-dir=" + dataDir,
                "--openenos.admin-password=" + PASSWORD, "--openenos.mqtt.port=0", "--openenos.mqtt.tls-port=0",
                "--openenos.pki.web-socket-port=0", "--management.server.port=0",
                "--openenos.subscription.port=0");
    }

    private static String base(ConfigurableApplicationContext ctx) {
        return "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
    }

    @Test
    void anEventStoredButNotAppendedWhenTheServerStopsIsDeliveredExactlyOnceAfterTheRestart() throws Exception {
        Path dir = Files.createTempDirectory("openenos-event-restart");
        String orgId;
        String assetId;
        String subId;
        String accessKey;
        String secret;
        long time = Instant.now().toEpochMilli();
        try (var ctx = start(dir)) {
            ApiClient admin = ApiClient.user(base(ctx), "admin", PASSWORD);
            orgId = admin.post("/iam-service/v2.1/organizations", Map.of("action", "create"), Map.of("name", "ev"))
                    .data().path("orgId").asString();
            assertThat(admin.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId),
                    ServerTestSupport.simpleModel("ev_model")).ok()).isTrue();
            String pk = admin.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", orgId),
                    Map.of("productName", Map.of("defaultValue", "p"), "modelId", "ev_model")).data().asString();
            assetId = admin.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                    Map.of("productKey", pk, "deviceName", Map.of("defaultValue", "d"))).data().path("assetId")
                    .asString();
            var created = admin.post("/subscription-service/v2.1/subscriptions",
                    Map.of("action", "create", "orgId", orgId), Map.of("name", "events", "subType", 4)).data();
            subId = created.path("subId").asString();
            accessKey = created.path("accessKey").asString();
            secret = created.path("accessSecret").asString();

            // The sink's first two steps, as the device's post runs them; the server stops before the third.
            var event = new DeviceEventRecord(orgId, "ev_model", assetId, "overheat", ThingEvent.EventType.ERROR,
                    Map.of("temp", 91.5), time);
            var ticket = ctx.getBean(DurableEvents.class).intend(orgId, "ev_model", assetId,
                    SubscriptionEvents.deviceEvent(event));
            assertThat(ticket.id()).as("written ahead: an event subscription wants it").isPositive();
            ctx.getBean(DeviceEventStore.class).accept(event).join();
        }
        try (var ctx = start(dir);
             var client = EnosSubscriptionClient.tcp(ctx.getBean(SubscriptionListener.class).port())) {
            assertThat(client.auth(accessKey, secret, subId, 4)).isZero();
            assertThat(client.subscribe(4, subId, accessKey, "app")).isZero();
            var received = new ArrayList<>(client.pullUntil(1, 10));
            for (int i = 0; i < 3; i++) {
                received.addAll(client.pull().messages());
            }
            var deviceEvents = received.stream().filter(m -> m.value().contains("\"eventType\":\"DEVICE_EVENT\""))
                    .toList();
            assertThat(deviceEvents).as("the stored event, once").hasSize(1);
            assertThat(deviceEvents.getFirst().value()).contains("\"eventId\":\"overheat\"",
                    "\"assetId\":\"" + assetId + "\"", "\"time\":" + time);
            assertThat(ctx.getBean(DeviceEventStore.class).count(new DeviceEventStore.Query(orgId, assetId, null,
                    null, null, null, 0, 10))).isEqualTo(1);
            assertThat(JdbcClient.create(ctx.getBean(javax.sql.DataSource.class))
                    .sql("SELECT count(*) FROM subscription_event_outbox").query(Long.class).single())
                    .as("the outbox is drained").isZero();
        }
    }
}
