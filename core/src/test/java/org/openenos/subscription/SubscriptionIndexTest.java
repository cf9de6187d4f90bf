package org.openenos.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openenos.subscription.internal.SubscriptionIndex;

class SubscriptionIndexTest {
    static Subscription sub(String id, SubscriptionType type, SubscriptionFilter filter) {
        return new Subscription(id, "o1", id, type, filter, "ak", "v1:x", Instant.now(), Instant.now());
    }

    final SubscriptionScope trees = new SubscriptionScope() {
        @Override
        public boolean assetExists(String orgId, String assetId) {
            return true;
        }

        @Override
        public boolean modelExists(String orgId, String modelId) {
            return true;
        }

        @Override
        public boolean treeExists(String orgId, String treeId) {
            return true;
        }

        @Override
        public Set<String> treesOf(String orgId, String assetId) {
            return assetId.startsWith("t") ? Set.of("tree1") : Set.of();
        }
    };

    @Test
    void aRecordMatchesBySelectiveKeyAndTheRestOfTheFilter() {
        var byAsset = sub("asset", SubscriptionType.REAL_TIME,
                new SubscriptionFilter(Set.of("m1"), Set.of("a1"), null, Set.of("temp"), null));
        var byModel = sub("model", SubscriptionType.REAL_TIME,
                new SubscriptionFilter(Set.of("m2"), null, null, null, null));
        var byTree = sub("tree", SubscriptionType.REAL_TIME, new SubscriptionFilter(null, null, "tree1", null, null));
        var all = sub("all", SubscriptionType.REAL_TIME, SubscriptionFilter.ALL);
        var alerts = sub("alerts", SubscriptionType.ALERT,
                new SubscriptionFilter(null, null, null, null, Set.of("critical")));
        var index = SubscriptionIndex.of(List.of(byAsset, byModel, byTree, all, alerts));

        assertThat(index.match(SubscriptionType.REAL_TIME, "o1", "m1", "a1", "temp", null, trees))
                .containsExactlyInAnyOrder(byAsset, all);
        assertThat(index.match(SubscriptionType.REAL_TIME, "o1", "m1", "a1", "other", null, trees))
                .containsExactly(all);
        assertThat(index.match(SubscriptionType.REAL_TIME, "o1", "m2", "t9", "x", null, trees))
                .containsExactlyInAnyOrder(byModel, byTree, all);
        assertThat(index.match(SubscriptionType.REAL_TIME, "o2", "m2", "t9", "x", null, trees))
                .as("another organization's record").isEmpty();
        assertThat(index.match(SubscriptionType.ALERT, "o1", "m1", "a1", "temp", "critical", trees))
                .containsExactly(alerts);
        assertThat(index.match(SubscriptionType.ALERT, "o1", "m1", "a1", "temp", "info", trees)).isEmpty();
    }

    @Test
    void aLookUpTouchesOnlyTheCandidatesOfTheRecordWhateverTheNumberOfSubscriptions() {
        var subscriptions = new ArrayList<Subscription>();
        for (int i = 0; i < 100_000; i++) {
            subscriptions.add(sub("s" + i, SubscriptionType.REAL_TIME,
                    new SubscriptionFilter(null, Set.of("asset-" + i), null, null, null)));
        }
        var index = SubscriptionIndex.of(subscriptions);
        long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            assertThat(index.match(SubscriptionType.REAL_TIME, "o1", "m", "asset-" + i, "p", null,
                    SubscriptionScope.OPEN)).hasSize(1);
        }
        // 100,000 look-ups over 100,000 subscriptions: a scan would be 10^10 filter checks.
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
}
