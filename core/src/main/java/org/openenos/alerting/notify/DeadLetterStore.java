package org.openenos.alerting.notify;

import java.util.List;

/** Failed deliveries, kept per organization so operators can see what did not go out. */
public interface DeadLetterStore {
    void save(DeadLetter letter);

    /** Newest first; {@code ruleId} null for every rule. */
    List<DeadLetter> search(String orgId, String ruleId, int offset, int limit);

    long count(String orgId, String ruleId);
}
