package org.openenos.subscription;

import java.util.List;
import java.util.Optional;

/** Where subscription jobs are kept. Every query names the organization, except the look-ups of the delivery path. */
public interface SubscriptionStore {
    void insert(Subscription subscription);

    void update(Subscription subscription);

    boolean delete(String orgId, String subId);

    Optional<Subscription> find(String orgId, String subId);

    /** Any organization's: the delivery path authenticates an SDK by subId before it knows the organization. */
    Optional<Subscription> findById(String subId);

    List<Subscription> search(String orgId, int offset, int limit);

    long count(String orgId);

    /** Every subscription, to build the delivery index at start. */
    List<Subscription> all();
}
