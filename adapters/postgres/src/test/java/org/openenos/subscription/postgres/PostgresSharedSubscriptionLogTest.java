package org.openenos.subscription.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.registry.postgres.MetadataDatabase;
import org.openenos.subscription.SharedSubscriptionLog;
import org.openenos.subscription.SharedSubscriptionLog.Append;
import org.openenos.subscription.SubscriptionMessage;

/** Two instances on one database stand for two server nodes. */
class PostgresSharedSubscriptionLogTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void appendsOfTwoNodesGetGaplessOffsetsPerPartitionAndAreReadByBoth() throws Exception {
        try (MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null, dir, 0, 8))) {
            var nodeA = new PostgresSharedSubscriptionLog(db.dataSource());
            var nodeB = new PostgresSharedSubscriptionLog(db.dataSource());
            nodeA.create("s1", 2);
            nodeB.create("s1", 2);
            try (var pool = Executors.newFixedThreadPool(4)) {
                var futures = new ArrayList<Future<?>>();
                for (int t = 0; t < 4; t++) {
                    var node = t % 2 == 0 ? nodeA : nodeB;
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            node.append(List.of(new Append("s1", 0, "a", thread + ":" + i, i),
                                    new Append("s1", 1, "b", thread + ":" + i, i)));
                        }
                    }));
                }
                for (var f : futures) {
                    f.get();
                }
            }
            for (int p = 0; p < 2; p++) {
                var read = nodeB.read("s1", p, 0, 1000);
                assertThat(read).extracting(SubscriptionMessage::offset)
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 100).boxed().toList());
                assertThat(nodeA.read("s1", p, 0, 1000)).isEqualTo(read);
                // one thread's messages stay in the order it appended them
                assertThat(read.stream().filter(m -> m.value().startsWith("2:")).map(SubscriptionMessage::value))
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 25).mapToObj(i -> "2:" + i)
                                .toList());
            }
            assertThat(nodeA.ranges("s1")).containsExactly(new SharedSubscriptionLog.Range(0, 0, 100),
                    new SharedSubscriptionLog.Range(1, 0, 100));
        }
    }

    @Test
    void membersOfOneGroupOnTwoNodesSplitThePartitionsAndAMemberThatLeavesHandsThemOver() {
        try (MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null, dir, 0, 4))) {
            var nodeA = new PostgresSharedSubscriptionLog(db.dataSource());
            var nodeB = new PostgresSharedSubscriptionLog(db.dataSource());
            nodeA.create("s1", 2);
            assertThat(nodeA.claim("s1", "g", "m1", "a", 2, TTL)).containsExactlyInAnyOrder(0, 1);
            assertThat(nodeB.claim("s1", "g", "m2", "b", 2, TTL)).as("nothing free yet").isEmpty();
            assertThat(nodeA.claim("s1", "g", "m1", "a", 2, TTL)).as("gives one up").hasSize(1);
            Set<Integer> second = nodeB.claim("s1", "g", "m2", "b", 2, TTL);
            Set<Integer> first = nodeA.claim("s1", "g", "m1", "a", 2, TTL);
            assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);
            assertThat(nodeB.claim("s1", "h", "m3", "b", 2, TTL)).as("another group gets everything")
                    .containsExactlyInAnyOrder(0, 1);
            assertThat(nodeA.members("s1", "g", TTL)).isEqualTo(2);

            nodeA.leave("s1", "g", "m1");
            assertThat(nodeB.claim("s1", "g", "m2", "b", 2, TTL)).containsExactlyInAnyOrder(0, 1);
            assertThat(nodeA.members("s1", "g", TTL)).isEqualTo(1);
        }
    }

    @Test
    void aMemberSilentLongerThanTheTimeToLiveLosesItsPartitions() throws Exception {
        try (MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null, dir, 0, 4))) {
            var log = new PostgresSharedSubscriptionLog(db.dataSource());
            log.create("s1", 2);
            Duration shortTtl = Duration.ofMillis(300);
            assertThat(log.claim("s1", "g", "dead", "a", 2, shortTtl)).containsExactlyInAnyOrder(0, 1);
            Thread.sleep(500);
            assertThat(log.claim("s1", "g", "alive", "b", 2, shortTtl)).containsExactlyInAnyOrder(0, 1);
        }
    }

    @Test
    void commitsAreSharedAndExpiryDeletesOnlyAPrefixOfEachPartition() {
        try (MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null, dir, 0, 4))) {
            var nodeA = new PostgresSharedSubscriptionLog(db.dataSource());
            var nodeB = new PostgresSharedSubscriptionLog(db.dataSource());
            nodeA.create("s1", 2);
            nodeA.append(List.of(new Append("s1", 0, "a", "old", 1_000), new Append("s1", 0, "a", "new", 5_000),
                    new Append("s1", 1, "b", "old", 1_000)));
            nodeA.commit("s1", "g", Map.of(0, 0L));
            nodeB.commit("s1", "g", Map.of(1, 0L));
            assertThat(nodeA.committed("s1")).isEqualTo(Map.of("g", Map.of(0, 0L, 1, 0L)));

            assertThat(nodeB.expire(2_000)).isEqualTo(2);
            assertThat(nodeA.ranges("s1")).containsExactly(new SharedSubscriptionLog.Range(0, 1, 2),
                    new SharedSubscriptionLog.Range(1, 1, 1));
            assertThat(nodeA.read("s1", 0, 0, 10)).extracting(SubscriptionMessage::value).containsExactly("new");

            nodeB.delete("s1");
            assertThat(nodeA.ranges("s1")).isEmpty();
            assertThat(nodeA.committed("s1")).isEmpty();
        }
    }
}
