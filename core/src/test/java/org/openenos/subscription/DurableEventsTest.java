package org.openenos.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.testkit.ManualClock;

class DurableEventsTest {
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.now());
    final MemoryOutbox outbox = new MemoryOutbox();

    static Subscription events(String subId, String orgId) {
        return new Subscription(subId, orgId, subId, SubscriptionType.EVENT, SubscriptionFilter.ALL, "ak", "v1:x",
                Instant.now(), Instant.now());
    }

    static Map<String, Object> event(String assetId, long time) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("orgId", "o1");
        fields.put("assetId", assetId);
        fields.put("eventType", "DEVICE_EVENT");
        fields.put("time", time);
        return fields;
    }

    SubscriptionEngine engine() {
        var engine = new SubscriptionEngine(dir, SubscriptionEngineTest.CONFIG, SubscriptionScope.OPEN,
                new SimpleMeterRegistry(), clock);
        engine.load(List.of(events("s1", "o1")));
        return engine;
    }

    @Test
    void anEventRecordedByItsSourceButNotYetAppendedWhenTheServerStopsIsAppendedExactlyOnceAtTheNextStart() {
        try (var engine = engine()) {
            var events = new DurableEvents(engine, outbox, "n1");
            events.deliver(events.intend("o1", "m1", "a1", event("a1", 1)));
            // the event store committed the second event, then the server died before appending it
            events.intend("o1", "m1", "a1", event("a1", 2));
        }
        try (var engine = engine()) {
            var events = new DurableEvents(engine, outbox, "n1");
            assertThat(events.drain()).isEqualTo(1);
            assertThat(new DurableEvents(engine, outbox, "n1").drain()).as("drained once").isZero();
            try (var consumer = engine.join("s1", "g")) {
                var messages = SubscriptionEngineTest.drain(consumer, 3);
                assertThat(messages).extracting(SubscriptionMessage::value)
                        .containsExactly(engineValue(1), engineValue(2));
            }
        }
        assertThat(outbox.rows).isEmpty();
    }

    @Test
    void anEventNoSubscriptionWantsSkipsTheOutboxAndARefusedOneIsForgotten() {
        try (var engine = engine()) {
            var events = new DurableEvents(engine, outbox, "n1");
            var unwanted = events.intend("o2", "m1", "a9", event("a9", 1));
            assertThat(unwanted.id()).isEqualTo(-1);
            assertThat(outbox.rows).isEmpty();
            assertThatThrownBy(() -> events.around("o1", "m1", "a1", event("a1", 1), () -> {
                throw new IllegalStateException("the event store is down");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(outbox.rows).as("a refused event is not delivered later").isEmpty();
            try (var consumer = engine.join("s1", "g")) {
                assertThat(consumer.pull().messages()).isEmpty();
            }
        }
    }

    @Test
    void eachNodeDrainsOnlyWhatItLeftBehind() {
        try (var engine = engine()) {
            new DurableEvents(engine, outbox, "n2").intend("o1", "m1", "a1", event("a1", 1));
            assertThat(new DurableEvents(engine, outbox, "n1").drain()).isZero();
            assertThat(new DurableEvents(engine, outbox, "n2").drain()).isEqualTo(1);
        }
    }

    private static String engineValue(long time) {
        return org.openenos.protocol.PlainJson.write(event("a1", time));
    }

    /** The outbox as PostgreSQL keeps it, in memory. */
    static final class MemoryOutbox implements EventOutbox {
        final Map<Long, String> nodes = new LinkedHashMap<>();
        final Map<Long, Entry> rows = new LinkedHashMap<>();
        final AtomicLong ids = new AtomicLong();

        @Override
        public synchronized long add(String nodeId, Entry entry) {
            long id = ids.incrementAndGet();
            rows.put(id, entry);
            nodes.put(id, nodeId);
            return id;
        }

        @Override
        public synchronized void remove(long id) {
            rows.remove(id);
            nodes.remove(id);
        }

        @Override
        public synchronized List<Pending> pending(String nodeId) {
            var list = new ArrayList<Pending>();
            rows.forEach((id, e) -> {
                if (nodeId.equals(nodes.get(id))) {
                    list.add(new Pending(id, e));
                }
            });
            return list;
        }
    }
}
