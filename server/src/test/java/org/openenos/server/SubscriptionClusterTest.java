package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.subscription.SubscriptionEngine;
import org.openenos.subscription.netty.EnosSubscriptionClient;
import org.openenos.subscription.netty.EnosSubscriptionClient.Message;
import org.openenos.subscription.netty.SubscriptionListener;
import org.openenos.testkit.ApiFixtures;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Data subscription across two real server nodes in one JVM sharing one PostgreSQL (ADR 0082): a consumer sees the
 * data ingested on both nodes whichever node it connects to, two consumers of one group on two nodes split the
 * partitions, and a consumer moving from one node to the other resumes at its committed offset. Runs in the Maven
 * profile {@code cluster}: {@code ./mvnw -pl server -am verify -Pcluster -Dtest=SubscriptionClusterTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("cluster")
class SubscriptionClusterTest {
    private static final String ADMIN_PASSWORD = TwoServerNodes.ADMIN_PASSWORD;
    private static final String SUBSCRIPTIONS = "/subscription-service/v2.1/subscriptions";
    private static final int POSTS = 20;

    private static TwoServerNodes nodes;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = TwoServerNodes.start("sub-node", Map.of("openenos.subscription.pull-wait", "300ms",
                "openenos.subscription.member-ttl", "10s", "openenos.subscription.refresh-interval", "300ms"));
        nodeA = nodes.nodeA();
        nodeB = nodes.nodeB();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aConsumerOnEitherNodeReceivesTheDataIngestedOnBothNodes() throws Exception {
        Site site = site("both");
        Sub sub = subscribe(site);
        post(site, 0, POSTS);
        for (var node : List.of(nodeA, nodeB)) {
            try (var client = client(node, sub, node == nodeA ? "everything-on-a" : "everything-on-b")) {
                var messages = client.pullUntil(2 * POSTS, 40);
                assertThat(messages).hasSize(2 * POSTS);
                assertThat(messages.stream().map(Message::key).collect(Collectors.toSet()))
                        .as("the device on node A and the one on node B")
                        .containsExactlyInAnyOrder(site.onA().assetId(), site.onB().assetId());
            }
        }
    }

    @Test
    void twoConsumersOfOneGroupOnTwoNodesSplitThePartitionsWithoutOverlap() throws Exception {
        Site site = site("split");
        Sub sub = subscribe(site);
        try (var onA = client(nodeA, sub, "shared"); var onB = client(nodeB, sub, "shared")) {
            JdbcClient db = JdbcClient.create(nodeA.getBean(DataSource.class));
            Await.atMost(Duration.ofSeconds(20)).until("each consumer holds one partition", () -> {
                onA.pull();
                onB.pull();
                return db.sql("SELECT count(DISTINCT member_id) FROM subscription_partition_owners "
                        + "WHERE sub_id = ? AND grp = 'shared'").param(sub.subId()).query(Integer.class).single() == 2;
            });
            post(site, 0, POSTS);
            var gotA = new ArrayList<Message>();
            var gotB = new ArrayList<Message>();
            for (int i = 0; i < 40 && gotA.size() + gotB.size() < 2 * POSTS; i++) {
                gotA.addAll(onA.pull().messages());
                gotB.addAll(onB.pull().messages());
            }
            assertThat(gotA).isNotEmpty();
            assertThat(gotB).isNotEmpty();
            assertThat(partitions(gotA)).doesNotContainAnyElementsOf(partitions(gotB));
            var all = new ArrayList<>(gotA);
            all.addAll(gotB);
            assertThat(all).as("every message once").hasSize(2 * POSTS);
            assertThat(all.stream().map(m -> m.partition() + "/" + m.offset()).distinct()).hasSize(2 * POSTS);
        }
    }

    @Test
    void aConsumerMovingFromNodeAToNodeBResumesAtItsCommittedOffsetWithoutLossOrGap() throws Exception {
        Site site = site("move");
        Sub sub = subscribe(site);
        post(site, 0, POSTS);
        var committed = new TreeMap<Integer, Long>();
        try (var onA = client(nodeA, sub, "mover")) {
            var first = onA.pullUntil(2 * POSTS, 40);
            assertThat(first).hasSize(2 * POSTS);
            // consumed and committed the first half of each partition
            var half = new ArrayList<Message>();
            byPartition(first).forEach((p, list) -> {
                half.addAll(list.subList(0, list.size() / 2));
                committed.put(p, list.get(list.size() / 2 - 1).offset());
            });
            onA.commit(half);
            onA.pull();
        }
        post(site, POSTS, 2 * POSTS);
        try (var onB = client(nodeB, sub, "mover")) {
            var resumed = onB.pullUntil(3 * POSTS + 2, 40);
            var perPartition = byPartition(resumed);
            assertThat(perPartition.keySet()).isEqualTo(committed.keySet());
            perPartition.forEach((p, list) -> {
                assertThat(list.getFirst().offset()).as("partition %d resumes at its committed offset", p)
                        .isEqualTo(committed.get(p));
                for (int i = 1; i < list.size(); i++) {
                    assertThat(list.get(i).offset()).as("no gap").isEqualTo(list.get(i - 1).offset() + 1);
                }
            });
            long total = perPartition.values().stream().mapToLong(list -> list.getLast().offset() + 1).sum();
            assertThat(total).as("all posts of both devices in the log").isEqualTo(4L * POSTS);
            assertThat(perPartition.values().stream().mapToLong(list -> list.getLast().offset()).boxed()
                    .toList()).allSatisfy(last -> assertThat(last).isGreaterThanOrEqualTo(0));
        }
    }

    // --- fixtures

    private record Device(String productKey, String deviceKey, String deviceSecret, String assetId) {
    }

    private record Site(String orgId, ApiClient appOnA, Device onA, Device onB) {
    }

    private record Sub(String subId, String accessKey, String secret) {
    }

    /** An organization with two devices whose messages go to different partitions: one for each node. */
    private static Site site(String name) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ApiClient admin = ApiClient.user(base(nodeA), "admin", ADMIN_PASSWORD);
        ApiFixtures.CreatedOrganization org = ApiFixtures.createOrganization(ServerTestBase.fixturesApi(admin),
                "org-" + name + "-" + suffix);
        ApiClient app = ApiClient.app(base(nodeA), org.appKey(), org.appSecret());
        String modelId = "m_" + name + "_" + suffix;
        var model = app.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", org.orgId()),
                ServerTestSupport.simpleModel(modelId));
        assertThat(model.ok()).as(model.toString()).isTrue();
        String productKey = app.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId",
                org.orgId()), Map.of("productName", Map.of("defaultValue", "p"), "modelId", modelId)).data()
                .asString();
        var byPartition = new LinkedHashMap<Integer, Device>();
        for (int i = 0; i < 40 && byPartition.size() < 2; i++) {
            var dev = app.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", org.orgId()),
                    Map.of("productKey", productKey, "deviceName", Map.of("defaultValue", "d" + i))).data();
            var d = new Device(productKey, dev.path("deviceKey").asString(), dev.path("deviceSecret").asString(),
                    dev.path("assetId").asString());
            byPartition.putIfAbsent(Math.floorMod(d.assetId().hashCode(), 2), d);
        }
        assertThat(byPartition).hasSize(2);
        return new Site(org.orgId(), app, byPartition.get(0), byPartition.get(1));
    }

    /** A real-time subscription of the whole organization, created through node A, known to node B. */
    private static Sub subscribe(Site site) {
        var created = site.appOnA().post(SUBSCRIPTIONS, Map.of("action", "create", "orgId", site.orgId()),
                Map.of("name", "cluster", "subType", 0));
        assertThat(created.ok()).as(created.toString()).isTrue();
        var sub = new Sub(created.data().path("subId").asString(), created.data().path("accessKey").asString(),
                created.data().path("accessSecret").asString());
        Await.atMost(Duration.ofSeconds(10)).until("node B routes to the new subscription",
                () -> nodeB.getBean(SubscriptionEngine.class).subIds().contains(sub.subId()));
        return sub;
    }

    /** Posts values from..to-1 from the device on node A and the device on node B, each acknowledged. */
    private static void post(Site site, int from, int to) throws Exception {
        try (var a = connect(nodeA, site.onA()); var b = connect(nodeB, site.onB())) {
            long t0 = System.currentTimeMillis() - 3_600_000;
            for (int i = from; i < to; i++) {
                for (var device : List.of(a, b)) {
                    var reply = device.request("thing/measurepoint/post", "thing.measurepoint.post",
                            Map.of("measurepoints", Map.of("temp", (double) i), "time", t0 + i), "p" + i);
                    assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
                }
            }
        }
    }

    private static EnosSubscriptionClient client(ConfigurableApplicationContext node, Sub sub, String group)
            throws Exception {
        var client = EnosSubscriptionClient.tcp(node.getBean(SubscriptionListener.class).port());
        assertThat(client.auth(sub.accessKey(), sub.secret(), sub.subId(), 0)).isZero();
        assertThat(client.subscribe(0, sub.subId(), sub.accessKey(), group)).isZero();
        return client;
    }

    private static Set<Integer> partitions(List<Message> messages) {
        return messages.stream().map(Message::partition).collect(Collectors.toCollection(HashSet::new));
    }

    private static Map<Integer, List<Message>> byPartition(List<Message> messages) {
        var result = new TreeMap<Integer, List<Message>>();
        messages.forEach(m -> result.computeIfAbsent(m.partition(), p -> new ArrayList<>()).add(m));
        return result;
    }

    private static MqttTestDevice connect(ConfigurableApplicationContext node, Device d) throws Exception {
        return MqttTestDevice.connect(node.getBean(MqttGateway.class).port(), d.productKey(), d.deviceKey(),
                d.deviceSecret());
    }

    private static String base(ConfigurableApplicationContext node) {
        return TwoServerNodes.base(node);
    }
}
