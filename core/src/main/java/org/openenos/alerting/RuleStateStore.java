package org.openenos.alerting;

import java.util.List;

/**
 * Evaluation state that must survive a restart: a (rule, asset) whose condition started holding but whose trigger
 * delay has not run out, and the last time a point was seen for no-data rules. Active alerts themselves are the
 * third kind of state and live in {@link AlertStore}.
 */
public interface RuleStateStore {
    /** {@code pendingSince} is epoch ms, or null to clear; {@code lastSeen} epoch ms or null to keep. */
    record State(String orgId, String ruleId, String assetId, Long pendingSince, Long lastSeen) {
    }

    void save(State state);

    void delete(String orgId, String ruleId, String assetId);

    void deleteRule(String orgId, String ruleId);

    List<State> allStates();

    /** The states of one asset. */
    default List<State> statesOf(String orgId, String assetId) {
        return allStates().stream().filter(s -> s.orgId().equals(orgId) && s.assetId().equals(assetId)).toList();
    }

    /**
     * What else a node taking over an asset must know of a (rule, asset), written only on rare transitions (ADR 0122):
     * {@code closeLatched} when an operator closed its alert while the condition held (the rule raises again only
     * after the condition cleared), and {@code endedThrough}, the time of the value that ended its last alert (values
     * up to it were evaluated within that alert, so re-posting one raises nothing); null when none ended yet.
     */
    record Mark(String orgId, String ruleId, String assetId, boolean closeLatched, Long endedThrough) {
    }

    /** Sets or clears the latch after an operator close. Stores without marks keep it in memory only. */
    default void latch(String orgId, String ruleId, String assetId, boolean latched) {
    }

    /** Records that an alert of (rule, asset) ended with the value of {@code valueTime}; an older time is ignored. */
    default void ended(String orgId, String ruleId, String assetId, long valueTime) {
    }

    default List<Mark> allMarks() {
        return List.of();
    }

    /** The marks of one asset. */
    default List<Mark> marksOf(String orgId, String assetId) {
        return allMarks().stream().filter(m -> m.orgId().equals(orgId) && m.assetId().equals(assetId)).toList();
    }
}
