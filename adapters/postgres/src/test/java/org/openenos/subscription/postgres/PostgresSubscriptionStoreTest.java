package org.openenos.subscription.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.registry.postgres.MetadataDatabase;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionFilter;
import org.openenos.subscription.SubscriptionType;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresSubscriptionStoreTest {
    @TempDir
    Path dir;

    @Test
    void subscriptionsAreKeptPerOrganizationWithTheirFilterAndSealedSecret() {
        try (MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null, dir, 0, 2))) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            jdbc.sql("INSERT INTO organizations (org_id, name, create_time) VALUES ('o1', 'one', now()), "
                    + "('o2', 'two', now())").update();
            var store = new PostgresSubscriptionStore(jdbc);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            var filter = new SubscriptionFilter(Set.of("m1"), Set.of("a1", "a2"), "t1", Set.of("temp"),
                    Set.of("critical"));
            var s = new Subscription("s1", "o1", "first", SubscriptionType.ALERT, filter, "ak", "v1:sealed", now, now);
            store.insert(s);
            store.insert(new Subscription("s2", "o2", "other", SubscriptionType.REAL_TIME, SubscriptionFilter.ALL,
                    "ak2", "v1:x", now, now));

            assertThat(store.find("o1", "s1")).contains(s);
            assertThat(store.find("o2", "s1")).isEmpty();
            assertThat(store.findById("s1")).contains(s);
            assertThat(store.search("o1", 0, 10)).containsExactly(s);
            assertThat(store.count("o2")).isEqualTo(1);

            var updated = s.withFilter("renamed", SubscriptionFilter.ALL, now.plusSeconds(1)).withSecret("v1:new",
                    now.plusSeconds(1)).withWebhook(new Subscription.Webhook("https://example.com/hook", "v1:hmac"),
                    now.plusSeconds(1));
            store.update(updated);
            assertThat(store.find("o1", "s1")).contains(updated);
            assertThat(store.delete("o2", "s1")).isFalse();
            assertThat(store.delete("o1", "s1")).isTrue();
            assertThat(store.all()).extracting(Subscription::subId).containsExactly("s2");
        }
    }
}
