package org.openenos.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openenos.alerting.Alert;
import org.openenos.alerting.AlertAction;
import org.openenos.alerting.AlertListener;
import org.openenos.alerting.AlertRule;
import org.openenos.model.StringI18n;
import org.openenos.testkit.Await;
import org.openenos.testkit.InMemoryAlertStores;

/** Rate limits, escalation and the closed-loop guard of alert actions, with a recording channel and actuator. */
class AlertNotifierTest {
    private final InMemoryAlertStores stores = new InMemoryAlertStores();
    private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    private final NotificationChannel recorder = new NotificationChannel() {
        public String type() {
            return AlertAction.WEBHOOK;
        }

        public String render(Notification n) {
            return n.event() + ":" + n.alert().assetId();
        }

        public void deliver(Notification n, String payload) {
            sent.add(payload);
        }
    };
    private final AlertActuator actuator = new AlertActuator() {
        public CompletableFuture<?> invokeService(String orgId, String assetId, String serviceId,
                                                  Map<String, Object> input) {
            commands.add(serviceId + "@" + assetId);
            return CompletableFuture.completedFuture(null);
        }

        public CompletableFuture<?> setMeasurepoint(String orgId, String assetId, String pointId, Object value) {
            commands.add(pointId + "=" + value + "@" + assetId);
            return CompletableFuture.completedFuture(null);
        }
    };
    private final DeadLetterStore letters = new DeadLetterStore() {
        public void save(DeadLetter letter) {
            dead.add(letter);
        }

        public List<DeadLetter> search(String orgId, String ruleId, int offset, int limit) {
            return new ArrayList<>(dead);
        }

        public long count(String orgId, String ruleId) {
            return dead.size();
        }
    };
    private final AlertNotifier notifier = new AlertNotifier(new AlertNotifier.Config(2, 100, 2,
            Duration.ofMillis(10), 2), List.of(recorder), actuator, letters, stores, Clock.systemUTC(),
            new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        notifier.close();
    }

    private static AlertRule rule(List<AlertAction> actions, AlertRule.RateLimit limit) {
        return new AlertRule("o", "r", StringI18n.of("r"), "m", "temp", null, null, "${temp} > 1", null, "major",
                null, null, Map.of(), true, false, null, 0, 0, actions, limit, null);
    }

    private static Alert alert(String asset, String point, Object value) {
        return new Alert(asset + "-e", "o", asset, "m", "/m", point, "r", value, 0, "", System.currentTimeMillis(),
                0, "major", null, null, null, null, null, 1, null, null, null, null, false, null, null, null);
    }

    private static AlertAction webhook(int escalateAfter) {
        return new AlertAction("webhook", "http://x", null, null, null, null, null, null, null, 0, escalateAfter);
    }

    @Test
    void aRuleRateLimitCapsItsNotifications() throws Exception {
        AlertRule r = rule(List.of(webhook(0)), new AlertRule.RateLimit(2, 60));
        for (String asset : List.of("a1", "a2", "a3")) {
            notifier.onAlert(AlertListener.Change.RAISED, alert(asset, "temp", 5.0), r);
        }
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(sent.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void anEscalationGoesOutOnlyWhileTheAlertIsStillUnacknowledged() throws Exception {
        AlertRule r = rule(List.of(webhook(1)), null);
        Alert open = alert("a1", "temp", 5.0);
        Alert acked = alert("a2", "temp", 5.0);
        stores.insertActive(open);
        stores.insertActive(acked.acknowledge("seen", 1));
        notifier.onAlert(AlertListener.Change.RAISED, open, r);
        notifier.onAlert(AlertListener.Change.RAISED, acked, r);
        assertThat(sent.poll(5, TimeUnit.SECONDS)).isEqualTo("escalated:a1");
        assertThat(sent.poll(1500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aControlActionIsNotTriggeredByTheValueItWroteAndIsCappedPerMinute() throws Exception {
        AlertAction set = new AlertAction("setMeasurepoint", null, null, null, null, null, "temp", 0.0, null, 0, 0);
        AlertRule r = rule(List.of(set), null);
        notifier.onAlert(AlertListener.Change.RAISED, alert("a1", "temp", 9.0), r);
        awaitCommands(1);
        notifier.onAlert(AlertListener.Change.RAISED, alert("a1", "temp", 0), r);
        notifier.onAlert(AlertListener.Change.RAISED, alert("a1", "temp", 7.0), r);
        notifier.onAlert(AlertListener.Change.RAISED, alert("a1", "temp", 8.0), r);
        awaitCommands(2);
        Thread.sleep(200);
        assertThat(commands).containsExactly("temp=0.0@a1", "temp=0.0@a1");
    }

    @Test
    void aDeliveryThatKeepsFailingEndsAsADeadLetterWithItsPayload() throws Exception {
        AlertAction call = new AlertAction("invokeService", null, null, null, "reset", null, null, null, null, 0, 0);
        AlertNotifier failing = new AlertNotifier(new AlertNotifier.Config(1, 10, 2, Duration.ofMillis(10), 5),
                List.of(), new AlertActuator() {
                    public CompletableFuture<?> invokeService(String o, String a, String s, Map<String, Object> i) {
                        return CompletableFuture.failedFuture(new IllegalStateException("device is offline"));
                    }

                    public CompletableFuture<?> setMeasurepoint(String o, String a, String p, Object v) {
                        throw new UnsupportedOperationException();
                    }
                }, letters, stores, Clock.systemUTC(), new SimpleMeterRegistry());
        try {
            failing.onAlert(AlertListener.Change.RAISED, alert("a1", "temp", 9.0), rule(List.of(call), null));
            Await.atMost(Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(10))
                    .until("a dead letter", () -> !dead.isEmpty());
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.attempts()).isEqualTo(2);
                assertThat(d.target()).isEqualTo("a1:reset");
                assertThat(d.lastError()).contains("device is offline");
            });
        } finally {
            failing.close();
        }
    }

    private void awaitCommands(int n) {
        Await.atMost(Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(10))
                .until(n + " commands", () -> commands.size() >= n);
        assertThat(commands).hasSizeGreaterThanOrEqualTo(n);
    }
}
