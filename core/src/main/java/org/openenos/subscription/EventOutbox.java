package org.openenos.subscription;

import java.util.List;
import java.util.Map;

/**
 * Device events and connection changes on their way into the subscriptions' logs, written before their source
 * commits them (the event store, the device's connection state) and removed once the logs hold them. What a crash
 * leaves here is appended at the next start: a change the source recorded is never missing from the logs.
 */
public interface EventOutbox {

    /** Records the event durably; returns its id. */
    long add(String nodeId, Entry entry);

    /** The event is in the logs (or was never recorded by its source): forget it. */
    void remove(long id);

    /** What this node left behind, oldest first. */
    List<Pending> pending(String nodeId);

    /** One event message: its organization, model and asset (for the filters) and its fields. */
    record Entry(String orgId, String modelId, String assetId, Map<String, Object> fields) {
    }

    record Pending(long id, Entry entry) {
    }

    /** No outbox: events go to the logs directly (tests, and servers without a metadata database). */
    EventOutbox NONE = new EventOutbox() {
        @Override
        public long add(String nodeId, Entry entry) {
            return -1;
        }

        @Override
        public void remove(long id) {
        }

        @Override
        public List<Pending> pending(String nodeId) {
            return List.of();
        }
    };
}
