package org.openenos.subscription.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openenos.alerting.Alert;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.StringI18n;
import org.openenos.security.SecretCipher;
import org.openenos.subscription.SubscriptionConfig;
import org.openenos.subscription.SubscriptionCredentials;
import org.openenos.subscription.SubscriptionEngine;
import org.openenos.subscription.SubscriptionFilter;
import org.openenos.subscription.SubscriptionRouter;
import org.openenos.subscription.SubscriptionScope;
import org.openenos.subscription.SubscriptionService;
import org.openenos.subscription.netty.EnosSubscriptionClient.Message;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.EmbeddedTelemetryBus;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.testkit.InMemorySubscriptionStore;

/** The listener driven by a protocol client over real sockets, fed by a real telemetry log through the router. */
class SubscriptionListenerTest {
    @TempDir
    Path dir;
    TelemetryBus bus;
    SubscriptionEngine engine;
    SubscriptionService service;
    SubscriptionRouter router;
    SubscriptionListener listener;
    final InMemorySubscriptionStore store = new InMemorySubscriptionStore();

    @BeforeEach
    void start() {
        bus = EmbeddedTelemetryBus.open(dir.resolve("bus"), BusConfig.DEFAULTS);
        engine = new SubscriptionEngine(dir.resolve("subscriptions"),
                SubscriptionConfig.DEFAULTS.withPullWait(Duration.ofMillis(300)), SubscriptionScope.OPEN,
                new SimpleMeterRegistry(), Clock.systemUTC());
        service = new SubscriptionService(store, SubscriptionScope.OPEN, engine,
                new SecretCipher(new byte[32]), Clock.systemUTC()).start();
        router = new SubscriptionRouter(bus, engine);
        listener = new SubscriptionListener("127.0.0.1", 0, service, engine, new SimpleMeterRegistry()).start();
    }

    @AfterEach
    void stop() {
        listener.close();
        router.close();
        engine.close();
        bus.close();
    }

    EnosSubscriptionClient connect(String transport) throws Exception {
        return transport.equals("ws") ? EnosSubscriptionClient.webSocket(listener.port())
                : EnosSubscriptionClient.tcp(listener.port());
    }

    EnosSubscriptionClient subscribed(String transport, SubscriptionCredentials c, int type, String group)
            throws Exception {
        var client = connect(transport);
        assertThat(client.auth(c.accessKey(), c.accessSecret(), c.subId(), type)).isZero();
        assertThat(client.subscribe(type, c.subId(), c.accessKey(), group)).isZero();
        return client;
    }

    void publish(String asset, int from, int to) {
        for (int i = from; i < to; i++) {
            bus.publish(List.of(new MeasurePointValue("o1", "m1", asset, "temp", 1_000L * i, i + 0.5, null))).join();
        }
    }

    static Set<Long> times(List<Message> messages) {
        return messages.stream().map(m -> Long.parseLong(m.value().replaceAll(".*\"time\":(\\d+).*", "$1")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws", "tcp"})
    void aClientSubscribesReceivesEnosDataMessagesAndACommitGetsNoAnswer(String transport) throws Exception {
        var c = service.create("o1", "sub1", "test", 0, new SubscriptionFilter(null, Set.of("a1"), null, null, null));
        try (var client = subscribed(transport, c, 0, "g1")) {
            publish("a1", 0, 3);
            publish("a2", 0, 3);
            var messages = client.pullUntil(3, 20);
            assertThat(messages).hasSize(3).allMatch(m -> m.topic().equals("sub1") && m.key().equals("a1"));
            assertThat(messages.getFirst().value()).isEqualTo("{\"orgId\":\"o1\",\"modelId\":\"m1\",\"payload\":"
                    + "[{\"assetId\":\"a1\",\"time\":0,\"points\":\"{\\\"temp\\\":0.5}\"}]}");
            client.commit(messages);
            // The next frame is the answer to the next pull: nothing was sent for the commit.
            var next = client.pull();
            assertThat(next.id()).isEqualTo(client.pullsSent());
            assertThat(next.messages()).isEmpty();
            assertThat(client.idle()).isPositive();
        }
        assertThat(engine.lag("sub1").getFirst().lag()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws", "tcp"})
    void aKilledClientResumesFromItsLastCommitWithoutLossOrGap(String transport) throws Exception {
        var c = service.create("o1", "sub1", null, 0, null);
        publish("a1", 0, 50);
        var seen = new ArrayList<Message>();
        try (var client = subscribed(transport, c, 0, "g1")) {
            var first = client.pullUntil(50, 30);
            assertThat(first).hasSize(50);
            var committed = first.subList(0, 20);
            client.commit(committed);
            client.pull();
            seen.addAll(committed);
            client.kill();
        }
        publish("a1", 50, 60);
        try (var client = subscribed(transport, c, 0, "g1")) {
            var resumed = client.pullUntil(41, 30);
            assertThat(resumed.getFirst().offset()).as("resumes at the last committed message")
                    .isEqualTo(seen.getLast().offset());
            seen.addAll(resumed);
        }
        assertThat(times(seen)).hasSize(60).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 60).map(i -> i * 1000).boxed().toList());
    }

    @Test
    void twoConsumersOfAGroupSplitThePartitionsAndAnotherGroupGetsEverything() throws Exception {
        var c = service.create("o1", "sub1", null, 0, null);
        try (var a = subscribed("tcp", c, 0, "shared"); var b = subscribed("ws", c, 0, "shared");
             var other = subscribed("tcp", c, 0, "other")) {
            for (int i = 0; i < 20; i++) {
                publish("asset-" + i, 0, 1);
            }
            var fromA = a.pullUntil(20, 5);
            var fromB = b.pullUntil(20, 5);
            assertThat(fromA).isNotEmpty().extracting(Message::partition).containsOnly(fromA.getFirst().partition());
            assertThat(fromB).isNotEmpty().extracting(Message::partition).doesNotContain(fromA.getFirst().partition());
            assertThat(fromA.size() + fromB.size()).isEqualTo(20);
            assertThat(other.pullUntil(20, 10)).hasSize(20);
        }
    }

    @Test
    void alertsAndEventsAreDeliveredToTheirSubscriptions() throws Exception {
        var alerts = service.create("o1", "alerts", null, 1,
                new SubscriptionFilter(null, null, null, null, Set.of("critical")));
        var events = service.create("o1", "events", null, 4, null);
        try (var alertClient = subscribed("ws", alerts, 1, "DefaultConsumerGroup");
             var eventClient = subscribed("tcp", events, 4, "DefaultConsumerGroup")) {
            engine.deliverAlert(alert("e1", "critical"));
            engine.deliverAlert(alert("e2", "info"));
            engine.deliverEvent("o1", "m1", "a1", Map.of("orgId", "o1", "assetId", "a1", "eventType", "ONLINE",
                    "time", 1000));
            var received = alertClient.pullUntil(1, 5);
            assertThat(received).hasSize(1);
            assertThat(received.getFirst().value()).contains("\"eventId\":\"e1\"", "\"severityId\":\"critical\"",
                    "\"measurepointId\":\"temp\"");
            assertThat(alertClient.pull().messages()).isEmpty();
            assertThat(eventClient.pullUntil(1, 5)).singleElement()
                    .satisfies(m -> assertThat(m.value()).contains("\"eventType\":\"ONLINE\""));
        }
    }

    @Test
    void aWrongSecretIsRefusedAndTheConnectionClosed() throws Exception {
        var c = service.create("o1", "sub1", null, 0, null);
        try (var client = connect("tcp")) {
            assertThat(client.auth(c.accessKey(), "not-the-secret", "sub1", 0)).isNotZero();
            assertThat(client.closedByServer()).isTrue();
        }
        try (var client = connect("ws")) {
            assertThat(client.auth(c.accessKey(), c.accessSecret(), "sub1", 1)).as("wrong subType").isNotZero();
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (listener.connections() != 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(listener.connections()).as("connections counted and released").isZero();
    }

    @Test
    void deletingASubscriptionEndsItsConsumersConnections() throws Exception {
        var c = service.create("o1", "sub1", null, 0, null);
        try (var client = subscribed("tcp", c, 0, "g")) {
            service.delete("o1", "sub1");
            assertThat(client.pull().code()).isEqualTo(404);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aSubscribeBeforeAuthenticationIsRefused() throws Exception {
        var c = service.create("o1", "sub1", null, 0, null);
        try (var client = connect("tcp")) {
            assertThat(client.subscribe(0, "sub1", c.accessKey(), "g")).isNotZero();
            assertThat(client.pull().messages()).isEmpty();
        }
    }

    @Test
    void aPullWithNothingNewIsAnsweredEmptyWellWithinTheSdkTimeout() throws Exception {
        var c = service.create("o1", "sub1", null, 0, null);
        try (var client = subscribed("tcp", c, 0, "g")) {
            long start = System.nanoTime();
            var rsp = client.pull();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(rsp.messages()).isEmpty();
            assertThat(rsp.id()).isEqualTo(1);
            assertThat(millis).isBetween(200L, 5_000L);
        }
    }

    static Alert alert(String id, String severity) {
        return new Alert(id, "o1", "a1", "m1", "/m1", "temp", "rule1", 99.0, 1000, "1970-01-01 00:00:01", 1000,
                1000, severity, StringI18n.of(severity), "t", StringI18n.of("type"), "c", StringI18n.of("content"),
                Alert.SYSTEM_TRIGGERED, Map.of(), StringI18n.of("rule"), List.of(), List.of(), false, null, null,
                null);
    }
}
