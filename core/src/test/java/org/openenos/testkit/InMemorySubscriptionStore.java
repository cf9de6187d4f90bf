package org.openenos.testkit;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionStore;

/** Subscriptions in a map, for tests that do not need PostgreSQL. */
public final class InMemorySubscriptionStore implements SubscriptionStore {
    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();

    @Override
    public void insert(Subscription subscription) {
        byId.put(subscription.subId(), subscription);
    }

    @Override
    public void update(Subscription subscription) {
        byId.put(subscription.subId(), subscription);
    }

    @Override
    public boolean delete(String orgId, String subId) {
        return find(orgId, subId).map(s -> byId.remove(subId) != null).orElse(false);
    }

    @Override
    public Optional<Subscription> find(String orgId, String subId) {
        return findById(subId).filter(s -> s.orgId().equals(orgId));
    }

    @Override
    public Optional<Subscription> findById(String subId) {
        return Optional.ofNullable(byId.get(subId));
    }

    @Override
    public List<Subscription> search(String orgId, int offset, int limit) {
        return byId.values().stream().filter(s -> s.orgId().equals(orgId))
                .sorted(Comparator.comparing(Subscription::subId)).skip(offset).limit(limit).toList();
    }

    @Override
    public long count(String orgId) {
        return byId.values().stream().filter(s -> s.orgId().equals(orgId)).count();
    }

    @Override
    public List<Subscription> all() {
        return List.copyOf(byId.values());
    }
}
