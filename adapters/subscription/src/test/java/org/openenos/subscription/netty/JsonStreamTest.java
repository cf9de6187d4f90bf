package org.openenos.subscription.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.security.SecretCipher;
import org.openenos.subscription.SubscriptionConfig;
import org.openenos.subscription.SubscriptionCredentials;
import org.openenos.subscription.SubscriptionEngine;
import org.openenos.subscription.SubscriptionScope;
import org.openenos.subscription.SubscriptionService;
import org.openenos.testkit.InMemorySubscriptionStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The WebSocket/JSON door, driven by the JDK's WebSocket client as a script or a browser would. */
class JsonStreamTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    Path dir;
    SubscriptionEngine engine;
    SubscriptionService service;
    SubscriptionListener listener;

    @BeforeEach
    void start() {
        engine = new SubscriptionEngine(dir, SubscriptionConfig.DEFAULTS.withPullWait(Duration.ofMillis(200)),
                SubscriptionScope.OPEN, new SimpleMeterRegistry(), Clock.systemUTC());
        service = new SubscriptionService(new InMemorySubscriptionStore(), SubscriptionScope.OPEN, engine,
                new SecretCipher(new byte[32]), Clock.systemUTC()).start();
        listener = new SubscriptionListener("127.0.0.1", 0, service, engine, new SimpleMeterRegistry()).start();
    }

    @AfterEach
    void stop() {
        listener.close();
        engine.close();
    }

    final class Stream implements WebSocket.Listener, AutoCloseable {
        final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        final HttpClient http = HttpClient.newHttpClient();
        final WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + listener.port() + "/json"), this).join();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(Object body) {
            ws.sendText(JSON.writeValueAsString(body), true).join();
        }

        JsonNode next() throws InterruptedException {
            JsonNode n = received.poll(5, TimeUnit.SECONDS);
            assertThat(n).as("a message within 5 s").isNotNull();
            return n;
        }

        @Override
        public void close() {
            ws.abort();
            http.close();
        }
    }

    Stream open(SubscriptionCredentials c, String group) throws InterruptedException {
        var stream = new Stream();
        stream.send(java.util.Map.of("subId", c.subId(), "accessKey", c.accessKey(), "sign",
                EnosSubscriptionClient.sign(c.accessKey(), c.accessSecret(), c.subId()), "consumerGroup", group));
        JsonNode answer = stream.next();
        assertThat(answer.path("type").asString()).as(answer.toString()).isEqualTo("subscribed");
        return stream;
    }

    void deliver(int from, int to) {
        for (int i = from; i < to; i++) {
            engine.deliverValues(List.of(new MeasurePointValue("o1", "m1", "a1", "temp", i, (double) i, null)),
                    false);
        }
        engine.flush();
    }

    @Test
    void aScriptReceivesPushedJsonCommitsAndResumesOnTheSameOffsets() throws Exception {
        var c = service.create("o1", "s1", null, 0, null);
        deliver(0, 5);
        long committed;
        try (var stream = open(c, "browser")) {
            var batch = stream.next();
            assertThat(batch.path("type").asString()).isEqualTo("messages");
            var first = batch.path("messages").get(0);
            assertThat(first.path("value").path("payload").get(0).path("assetId").asString()).isEqualTo("a1");
            var last = batch.path("messages").get(batch.path("messages").size() - 1);
            committed = last.path("offset").asLong();
            stream.send(java.util.Map.of("type", "commit", "offsets",
                    java.util.Map.of(String.valueOf(last.path("partition").asInt()), committed)));
            Thread.sleep(300);
        }
        deliver(5, 7);
        try (var stream = open(c, "browser")) {
            var batch = stream.next();
            assertThat(batch.path("messages").get(0).path("offset").asLong()).isEqualTo(committed);
        }
    }

    @Test
    void aWrongSignGetsAnErrorAndTheConnectionIsClosed() throws Exception {
        var c = service.create("o1", "s1", null, 0, null);
        try (var stream = new Stream()) {
            stream.send(java.util.Map.of("subId", "s1", "accessKey", c.accessKey(), "sign", "0000",
                    "consumerGroup", "g"));
            var answer = stream.next();
            assertThat(answer.path("type").asString()).isEqualTo("error");
            assertThat(answer.path("code").asInt()).isEqualTo(401);
        }
    }
}
