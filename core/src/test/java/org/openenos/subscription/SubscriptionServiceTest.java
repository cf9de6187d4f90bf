package org.openenos.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.security.SecretCipher;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.EmbeddedTelemetryBus;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.testkit.InMemorySubscriptionStore;

class SubscriptionServiceTest {
    @TempDir
    Path dir;
    final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
    /** Organization o1 owns asset a1, model m1 and tree t1; everything else belongs to someone else. */
    final SubscriptionScope scope = new SubscriptionScope() {
        @Override
        public boolean assetExists(String orgId, String assetId) {
            return orgId.equals("o1") && assetId.equals("a1");
        }

        @Override
        public boolean modelExists(String orgId, String modelId) {
            return orgId.equals("o1") && modelId.equals("m1");
        }

        @Override
        public boolean treeExists(String orgId, String treeId) {
            return orgId.equals("o1") && treeId.equals("t1");
        }

        @Override
        public Set<String> treesOf(String orgId, String assetId) {
            return Set.of();
        }
    };
    SubscriptionEngine engine;
    SubscriptionService service;

    @BeforeEach
    void start() {
        engine = new SubscriptionEngine(dir.resolve("subs"),
                SubscriptionConfig.DEFAULTS.withPullWait(Duration.ofMillis(200)), scope, new SimpleMeterRegistry(),
                Clock.systemUTC());
        service = new SubscriptionService(store, scope, engine, new SecretCipher(new byte[32]), Clock.systemUTC())
                .start();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void createdCredentialsAuthenticateAndTheStoredSecretIsEncrypted() {
        var credentials = service.create("o1", null, "mine", 0,
                new SubscriptionFilter(Set.of("m1"), Set.of("a1"), "t1", Set.of("temp"), null));
        var stored = service.get("o1", credentials.subId());
        assertThat(stored.encryptedSecret()).startsWith("v1:").doesNotContain(credentials.accessSecret());
        String sign = SubscriptionSign.of(credentials.accessKey(), credentials.accessSecret(), credentials.subId());
        assertThat(service.authenticate(credentials.accessKey(), credentials.subId(), sign.toUpperCase(), 0))
                .isEqualTo(stored);
        assertThat(credentials.toString()).doesNotContain(credentials.accessSecret());
    }

    @Test
    void theSignOfTheReferenceTestVectorMatches() {
        assertThat(SubscriptionSign.of("ak", "sk", "sub1"))
                .isEqualTo("fcebde16730d1ae0ae0f8e0366f7ae18977438b68e3e98303b277d3f20dec12f");
    }

    @Test
    void aWrongSecretAWrongKeyOrARotatedSecretIsRefused() {
        var c = service.create("o1", "s1", null, 1, null);
        assertThatThrownBy(() -> service.authenticate(c.accessKey(), "s1", SubscriptionSign.of(c.accessKey(),
                "wrong", "s1"), 1)).isInstanceOf(OpenEnosException.class)
                .extracting(e -> ((OpenEnosException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThatThrownBy(() -> service.authenticate("other", "s1", SubscriptionSign.of("other",
                c.accessSecret(), "s1"), 1)).isInstanceOf(OpenEnosException.class);
        var rotated = service.rotateSecret("o1", "s1");
        assertThatThrownBy(() -> service.authenticate(c.accessKey(), "s1", SubscriptionSign.of(c.accessKey(),
                c.accessSecret(), "s1"), 1)).isInstanceOf(OpenEnosException.class);
        assertThat(service.authenticate(c.accessKey(), "s1", SubscriptionSign.of(c.accessKey(),
                rotated.accessSecret(), "s1"), 1).subId()).isEqualTo("s1");
    }

    @Test
    void aFilterNamingAnotherOrganizationsAssetModelOrTreeIsRefused() {
        assertThatThrownBy(() -> service.create("o1", null, null, 0,
                new SubscriptionFilter(null, Set.of("foreign"), null, null, null)))
                .extracting(e -> ((OpenEnosException) e).code()).isEqualTo(ErrorCode.ASSET_NOT_FOUND);
        assertThatThrownBy(() -> service.create("o1", null, null, 0,
                new SubscriptionFilter(Set.of("foreign"), null, null, null, null)))
                .extracting(e -> ((OpenEnosException) e).code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThatThrownBy(() -> service.create("o1", null, null, 0,
                new SubscriptionFilter(null, null, "foreign", null, null)))
                .extracting(e -> ((OpenEnosException) e).code()).isEqualTo(ErrorCode.TREE_NOT_FOUND);
        assertThatThrownBy(() -> service.create("o1", null, null, 2, null))
                .extracting(e -> ((OpenEnosException) e).code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
        assertThat(store.all()).isEmpty();
    }

    @Test
    void anotherOrganizationCannotSeeUpdateOrDeleteTheSubscription() {
        service.create("o1", "s1", null, 0, null);
        assertThatThrownBy(() -> service.get("o2", "s1")).isInstanceOf(OpenEnosException.class);
        assertThatThrownBy(() -> service.delete("o2", "s1")).isInstanceOf(OpenEnosException.class);
        assertThatThrownBy(() -> service.rotateSecret("o2", "s1")).isInstanceOf(OpenEnosException.class);
        assertThat(service.search("o2", 0, 10)).isEmpty();
    }

    @Test
    void valuesPublishedOnTheTelemetryBusReachTheSubscriptionThroughTheRouter() throws Exception {
        var c = service.create("o1", "s1", null, 0, new SubscriptionFilter(null, Set.of("a1"), null, null, null));
        try (var bus = EmbeddedTelemetryBus.open(dir.resolve("bus"), BusConfig.DEFAULTS);
             var router = new SubscriptionRouter(bus, engine);
             var consumer = engine.join(c.subId(), "g")) {
            bus.publish(List.of(new MeasurePointValue("o1", "m1", "a1", "temp", 1000, 21.5, null),
                    new MeasurePointValue("o1", "m1", "a2", "temp", 1000, 3.0, null))).join();
            var messages = consumer.pull().messages();
            for (int i = 0; i < 50 && messages.isEmpty(); i++) { // up to 10 s on a busy machine
                messages = consumer.pull().messages();
            }
            assertThat(messages).hasSize(1);
            assertThat(messages.getFirst().value()).contains("\"assetId\":\"a1\"", "21.5");
            long deadline = System.currentTimeMillis() + 5000;
            while (router.routedRecords() < bus.endOffsets().values().stream().mapToLong(Long::longValue).sum()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(router.routedRecords()).as("the router committed what it routed").isEqualTo(
                    bus.endOffsets().values().stream().mapToLong(Long::longValue).sum());
        }
    }
}
