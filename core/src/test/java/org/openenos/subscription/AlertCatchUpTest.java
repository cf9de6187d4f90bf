package org.openenos.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.alerting.Alert;
import org.openenos.model.StringI18n;
import org.openenos.testkit.InMemoryAlertStores;

class AlertCatchUpTest {
    @TempDir
    Path dir;

    static Alert alert(String id, long updateTime) {
        return new Alert(id, "o1", "asset-" + id, "m1", "/m1", "temp", "rule1", 99.0, updateTime, "", updateTime,
                updateTime, "major", StringI18n.of("Major"), "t", StringI18n.of("t"), "c", StringI18n.of("c"),
                Alert.SYSTEM_TRIGGERED, Map.of(), StringI18n.of("r"), List.of(), List.of(), false, null, null, null);
    }

    @Test
    void anAlertStoredButNotAppendedBeforeACrashIsDeliveredAtTheNextStart() {
        var store = new InMemoryAlertStores();
        var sub = new Subscription("alerts", "o1", "alerts", SubscriptionType.ALERT, SubscriptionFilter.ALL, "ak",
                "v1:x", Instant.now(), Instant.now());
        Path watermark = dir.resolve("alerts.watermark");
        try (var engine = new SubscriptionEngine(dir.resolve("subs"),
                SubscriptionConfig.DEFAULTS.withPullWait(Duration.ofMillis(100)), SubscriptionScope.OPEN,
                new SimpleMeterRegistry(), Clock.systemUTC())) {
            engine.load(List.of(sub));
            var catchUp = new AlertCatchUp(store, engine, watermark);
            catchUp.catchUp(List.of("o1"), 1000);
            store.insertActive(alert("e1", 2000));
            catchUp.deliver(alert("e1", 2000));
            // Stored, then the server died before the append:
            store.insertActive(alert("e2", 3000));
        }
        try (var engine = new SubscriptionEngine(dir.resolve("subs"),
                SubscriptionConfig.DEFAULTS.withPullWait(Duration.ofMillis(100)), SubscriptionScope.OPEN,
                new SimpleMeterRegistry(), Clock.systemUTC())) {
            engine.load(List.of(sub));
            assertThat(new AlertCatchUp(store, engine, watermark).catchUp(List.of("o1"), 4000)).isEqualTo(1);
            try (var consumer = engine.join("alerts", "g")) {
                var values = consumer.pull().messages().stream().map(SubscriptionMessage::value).toList();
                assertThat(values).hasSize(2).anyMatch(v -> v.contains("\"eventId\":\"e2\""));
            }
        }
    }
}
