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
}
