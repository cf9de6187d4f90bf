package org.openenos.alerting;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Active and history alerts. At most one active alert exists per (org, rule, asset): {@link #insertActive} returns
 * false rather than adding a second one, which makes raising idempotent across restarts and replays.
 */
public interface AlertStore {
    /**
     * Adds the alert unless one is active for its (org, rule, asset) already, or its eventId was raised and recovered
     * before (a replayed value raises the same eventId): false then, and nothing changes.
     */
    boolean insertActive(Alert alert);

    /** The active alert of a rule on an asset, if any. */
    default Optional<Alert> findActiveOf(String orgId, String ruleId, String assetId) {
        return searchActive(new AlertQuery(orgId, assetId, null, null, ruleId, null, null, null, null, null, null,
                null, 0, 1)).stream().findFirst();
    }

    /** The active alerts of an asset. */
    default List<Alert> activeOfAsset(String orgId, String assetId) {
        return searchActive(new AlertQuery(orgId, assetId, null, null, null, null, null, null, null, null, null,
                null, 0, Integer.MAX_VALUE));
    }

    Optional<Alert> findActive(String orgId, String eventId);

    List<Alert> allActive();

    /** Moves the active alert to history with its recovery fields; false if it was not active any more. */
    boolean recover(Alert recovered);

    void updateActive(Alert alert);

    boolean deleteActive(String orgId, String eventId);

    /** Adds an alert to history directly (reported by a third-party system); false if its eventId is taken. */
    boolean insertHistory(Alert alert);

    Optional<Alert> findHistory(String orgId, String eventId);

    void updateHistory(Alert alert);

    List<Alert> searchActive(AlertQuery query);

    long countActive(AlertQuery query);

    List<Alert> searchHistory(AlertQuery query);

    long countHistory(AlertQuery query);

    /** Counts of active alerts grouped by one of the record's id fields. */
    Map<String, Long> aggregateActive(AlertQuery query, String groupByField);
}
