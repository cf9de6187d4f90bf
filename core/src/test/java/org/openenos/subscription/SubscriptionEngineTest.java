package org.openenos.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.testkit.ManualClock;

class SubscriptionEngineTest {
    static final SubscriptionConfig CONFIG = SubscriptionConfig.DEFAULTS.withPullWait(Duration.ofMillis(100));

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.now());

    static Subscription realTime(String subId, String orgId, SubscriptionFilter filter) {
        return new Subscription(subId, orgId, subId, SubscriptionType.REAL_TIME, filter, "ak", "v1:x", Instant.now(),
                Instant.now());
    }

    static MeasurePointValue v(String org, String asset, String point, long time) {
        return new MeasurePointValue(org, "m1", asset, point, time, (double) time, null);
    }

    SubscriptionEngine engine() {
        return new SubscriptionEngine(dir, CONFIG, SubscriptionScope.OPEN, new SimpleMeterRegistry(), clock);
    }

    static List<SubscriptionMessage> drain(SubscriptionConsumer consumer, int expected) {
        var messages = new ArrayList<SubscriptionMessage>();
        for (int i = 0; i < 50 && messages.size() < expected; i++) {
            var pulled = consumer.pull().messages();
            if (pulled.isEmpty() && !messages.isEmpty()) {
                break;
            }
            messages.addAll(pulled);
        }
        return messages;
    }

    @Test
    void aConsumerGetsTheMatchingValuesAsEnosDataMessagesAndResumesAtItsCommitAfterARestart() {
        var sub = realTime("s1", "o1", new SubscriptionFilter(null, null, null, Set.of("temp"), null));
        try (var engine = engine()) {
            engine.load(List.of(sub));
            for (int i = 0; i < 10; i++) {
                engine.deliverValues(List.of(v("o1", "a1", "temp", i), v("o1", "a1", "other", i),
                        v("o2", "a1", "temp", i)), false);
            }
            engine.flush();
            try (var consumer = engine.join("s1", "g1")) {
                var messages = drain(consumer, 10);
                assertThat(messages).hasSize(10);
                assertThat(messages.getFirst().value()).isEqualTo(
                        "{\"orgId\":\"o1\",\"modelId\":\"m1\",\"payload\":[{\"assetId\":\"a1\",\"time\":0,"
                                + "\"points\":\"{\\\"temp\\\":0.0}\"}]}");
                assertThat(messages.getFirst().key()).isEqualTo("a1");
                consumer.commit(Map.of(messages.get(6).partition(), messages.get(6).offset()));
            }
        }
        try (var engine = engine()) {
            engine.load(List.of(sub));
            try (var consumer = engine.join("s1", "g1")) {
                var again = drain(consumer, 4);
                assertThat(again).extracting(SubscriptionMessage::offset).containsExactly(6L, 7L, 8L, 9L);
            }
        }
    }

    @Test
    void twoConsumersOfAGroupSplitThePartitionsAndAnotherGroupGetsEverything() {
        var sub = realTime("s1", "o1", SubscriptionFilter.ALL);
        try (var engine = engine()) {
            engine.load(List.of(sub));
            var first = engine.join("s1", "g1");
            var second = engine.join("s1", "g1");
            var third = engine.join("s1", "g1");
            assertThat(first.partitions()).containsExactly(0);
            assertThat(second.partitions()).containsExactly(1);
            assertThat(third.partitions()).as("a third member waits for a partition").isEmpty();
            for (int i = 0; i < 40; i++) {
                engine.deliverValues(List.of(v("o1", "asset-" + i, "p", i)), false);
            }
            engine.flush();
            var a = drain(first, 40);
            var b = drain(second, 40);
            assertThat(a).isNotEmpty().allMatch(m -> m.partition() == 0);
            assertThat(b).isNotEmpty().allMatch(m -> m.partition() == 1);
            assertThat(a.size() + b.size()).isEqualTo(40);
            try (var other = engine.join("s1", "g2")) {
                assertThat(drain(other, 40)).hasSize(40);
            }
            first.close();
            assertThat(third.partitions()).as("the waiting member takes over").containsExactly(0);
            second.close();
            third.close();
        }
    }

    @Test
    void messagesOfOneAssetStayInOrder() {
        try (var engine = engine()) {
            engine.load(List.of(realTime("s1", "o1", SubscriptionFilter.ALL)));
            for (int i = 0; i < 200; i++) {
                engine.deliverValues(List.of(v("o1", "a" + (i % 7), "p", i)), false);
            }
            engine.flush();
            try (var consumer = engine.join("s1", null)) {
                var lastTime = new HashMap<String, Long>();
                for (var m : drain(consumer, 200)) {
                    long time = Long.parseLong(m.value().replaceAll(".*\"time\":(\\d+).*", "$1"));
                    assertThat(time).isGreaterThan(lastTime.getOrDefault(m.key(), -1L));
                    lastTime.put(m.key(), time);
                }
                assertThat(lastTime).hasSize(7);
            }
        }
    }

    @Test
    void aGroupThatComesBackAfterTheRetentionIsToldWhatItMissed() {
        try (var engine = engine()) {
            engine.load(List.of(realTime("s1", "o1", new SubscriptionFilter(null, Set.of("a1"), null, null, null))));
            engine.deliverValues(List.of(v("o1", "a1", "p", 1)), false);
            engine.flush();
            try (var consumer = engine.join("s1", "g1")) {
                var m = drain(consumer, 1).getFirst();
                consumer.commit(Map.of(m.partition(), m.offset()));
            }
            for (int i = 2; i < 6; i++) {
                engine.deliverValues(List.of(v("o1", "a1", "p", i)), false);
            }
            engine.flush();
            clock.advance(Duration.ofHours(2));
            engine.applyRetention();
            engine.deliverValues(List.of(v("o1", "a1", "p", 6)), false);
            engine.flush();
            clock.advance(Duration.ofHours(23));
            assertThat(engine.applyRetention()).isEqualTo(5);
            try (var consumer = engine.join("s1", "g1")) {
                var pull = consumer.pull();
                assertThat(pull.missed()).as("offsets 1 to 4 expired; 0 was consumed").isEqualTo(4);
                assertThat(pull.messages()).extracting(SubscriptionMessage::offset).containsExactly(5L);
            }
            assertThat(engine.lag("s1").getFirst().missedMessages()).isEqualTo(4);
        }
    }

    @Test
    void lagCountsWhatTheGroupHasNotCommitted() {
        try (var engine = engine()) {
            engine.load(List.of(realTime("s1", "o1", new SubscriptionFilter(null, Set.of("a1"), null, null, null))));
            for (int i = 0; i < 5; i++) {
                engine.deliverValues(List.of(v("o1", "a1", "p", i)), false);
            }
            engine.flush();
            try (var consumer = engine.join("s1", "g1")) {
                var messages = drain(consumer, 5);
                consumer.commit(Map.of(messages.get(1).partition(), messages.get(1).offset()));
                var lag = engine.lag("s1").getFirst();
                assertThat(lag.consumerGroup()).isEqualTo("g1");
                assertThat(lag.lag()).isEqualTo(3);
                assertThat(lag.connectedConsumers()).isEqualTo(1);
                assertThat(lag.deliveredMessages()).isEqualTo(5);
            }
        }
    }

    @Test
    void resumedValuesGoToOfflineSubscriptionsOnly() {
        var offline = new Subscription("off", "o1", "off", SubscriptionType.OFFLINE, SubscriptionFilter.ALL, "ak",
                "v1:x", Instant.now(), Instant.now());
        try (var engine = engine()) {
            engine.load(List.of(offline, realTime("rt", "o1", SubscriptionFilter.ALL)));
            engine.deliverValues(List.of(v("o1", "a1", "p", 1)), true);
            engine.deliverValues(List.of(v("o1", "a1", "p", 2)), false);
            engine.flush();
            try (var off = engine.join("off", "g"); var rt = engine.join("rt", "g")) {
                assertThat(drain(off, 2)).hasSize(1).allMatch(m -> m.value().contains("\"time\":1"));
                assertThat(drain(rt, 2)).hasSize(1).allMatch(m -> m.value().contains("\"time\":2"));
            }
        }
    }
}
