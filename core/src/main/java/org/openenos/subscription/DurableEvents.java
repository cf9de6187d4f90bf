package org.openenos.subscription;

import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash-safe path of device events and connection changes into the subscriptions' logs (ADR 0081): the event is
 * written to the outbox before its source records it, appended (and fsynced) to the matching logs after, and only
 * then removed from the outbox. At start, {@link #drain()} appends what a crash left in the outbox, oldest first, so
 * an event recorded by its source reaches every matching subscription. An event that matches no event subscription
 * costs nothing: it skips the outbox.
 */
public final class DurableEvents {
    private static final Logger LOG = LoggerFactory.getLogger(DurableEvents.class);

    private final SubscriptionEngine engine;
    private final EventOutbox outbox;
    private final String nodeId;

    public DurableEvents(SubscriptionEngine engine, EventOutbox outbox, String nodeId) {
        this.engine = engine;
        this.outbox = outbox;
        this.nodeId = nodeId;
    }

    /**
     * Records the event in the outbox when a subscription wants it; returns a ticket to {@link #deliver} after the
     * source has recorded the event, or to {@link #abandon} when it did not.
     */
    public Ticket intend(String orgId, String modelId, String assetId, Map<String, Object> fields) {
        var entry = new EventOutbox.Entry(orgId, modelId, assetId, fields);
        if (!engine.wantsEvent(orgId, modelId, assetId)) {
            return new Ticket(-1, entry);
        }
        return new Ticket(outbox.add(nodeId, entry), entry);
    }

    /** Appends the event to the matching logs, durably, then forgets it in the outbox. */
    public void deliver(Ticket ticket) {
        var e = ticket.entry();
        engine.deliverEvent(e.orgId(), e.modelId(), e.assetId(), e.fields());
        if (ticket.id() >= 0) {
            outbox.remove(ticket.id());
        }
    }

    /** The source refused the event (it was not recorded): nothing to deliver. */
    public void abandon(Ticket ticket) {
        if (ticket.id() >= 0) {
            outbox.remove(ticket.id());
        }
    }

    /** Both steps at once, for a source that has already recorded the change. */
    public void deliverNow(String orgId, String modelId, String assetId, Map<String, Object> fields) {
        deliver(intend(orgId, modelId, assetId, fields));
    }

    /** Appends the events a crash left between their source and the logs; returns how many. */
    public int drain() {
        var pending = outbox.pending(nodeId);
        for (var p : pending) {
            deliver(new Ticket(p.id(), p.entry()));
        }
        if (!pending.isEmpty()) {
            LOG.info("{} device events and connection changes left by an interrupted run were delivered to "
                    + "subscriptions", pending.size());
        }
        return pending.size();
    }

    /** Runs {@code source} between the outbox and the logs. */
    public <T> T around(String orgId, String modelId, String assetId, Map<String, Object> fields,
                        Supplier<T> source) {
        Ticket ticket = intend(orgId, modelId, assetId, fields);
        T result;
        try {
            result = source.get();
        } catch (RuntimeException e) {
            abandon(ticket);
            throw e;
        }
        deliver(ticket);
        return result;
    }

    /** An event on its way: its outbox id ({@code -1}: not in the outbox) and the event. */
    public record Ticket(long id, EventOutbox.Entry entry) {
    }
}
