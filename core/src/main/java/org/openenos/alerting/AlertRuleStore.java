package org.openenos.alerting;

import java.util.List;
import java.util.Optional;

/** Persistence of alert rules, keyed by (org, ruleId). */
public interface AlertRuleStore {
    /** Inserts or replaces the rule. */
    void save(AlertRule rule);

    Optional<AlertRule> find(String orgId, String ruleId);

    List<AlertRule> list(String orgId);

    List<AlertRule> allRules();

    boolean delete(String orgId, String ruleId);
}
