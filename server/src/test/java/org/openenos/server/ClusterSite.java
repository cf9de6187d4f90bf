package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.openenos.testkit.ApiFixtures;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An organization with one device on each partition of the bus, for the two-node tests on Kafka: created through
 * node A, its application reaches either node.
 */
record ClusterSite(String appKey, String appSecret, List<Device> devices) {
    static final String STORAGE_GROUP = "timeseries-store";

    record Device(String orgId, String productKey, String deviceKey, String secret, String assetId, int partition) {
    }

    /** The organization's application on {@code node}. */
    ApiClient app(ConfigurableApplicationContext node) {
        return ApiClient.app(TwoServerNodes.base(node), appKey, appSecret);
    }

    String orgId() {
        return devices.getFirst().orgId();
    }

    List<String> assetIds() {
        return devices.stream().map(Device::assetId).toList();
    }

    /** Creates the organization, a model with the simple points, a product and a device per partition, through A. */
    static ClusterSite onEveryPartition(ConfigurableApplicationContext a, String suffix, int partitions) {
        ApiClient admin = ApiClient.user(TwoServerNodes.base(a), "admin", TwoServerNodes.ADMIN_PASSWORD);
        var org = ApiFixtures.createOrganization(ServerTestBase.fixturesApi(admin), "org-cluster-" + suffix);
        ApiClient app = ApiClient.app(TwoServerNodes.base(a), org.appKey(), org.appSecret());
        String modelId = "m_cluster_" + suffix;
        assertThat(app.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", org.orgId()),
                ServerTestSupport.simpleModel(modelId)).ok()).isTrue();
        String productKey = app.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId",
                org.orgId()), Map.of("productName", Map.of("defaultValue", "p"), "modelId", modelId)).data()
                .asString();
        var byPartition = new LinkedHashMap<Integer, Device>();
        for (int i = 0; i < 40 && byPartition.size() < partitions; i++) {
            JsonNode dev = app.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId",
                    org.orgId()), Map.of("productKey", productKey, "deviceName", Map.of("defaultValue", "d" + i)))
                    .data();
            String assetId = dev.path("assetId").asString();
            int partition = Math.floorMod(assetId.hashCode(), partitions);
            byPartition.putIfAbsent(partition, new Device(org.orgId(), productKey, dev.path("deviceKey").asString(),
                    dev.path("deviceSecret").asString(), assetId, partition));
        }
        assertThat(byPartition).hasSize(partitions);
        return new ClusterSite(org.appKey(), org.appSecret(), List.copyOf(byPartition.values()));
    }

    /** Partitions the storage group's member on {@code nodeId} reads, as the broker's group coordinator says. */
    static Set<Integer> storedBy(String bootstrapServers, String nodeId) throws Exception {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            var group = admin.describeConsumerGroups(List.of(STORAGE_GROUP)).all().get(10, TimeUnit.SECONDS)
                    .get(STORAGE_GROUP);
            var partitions = new HashSet<Integer>();
            for (MemberDescription m : group.members()) {
                if (m.clientId().startsWith("openenos-" + nodeId + "-" + STORAGE_GROUP)) {
                    m.assignment().topicPartitions().forEach(tp -> partitions.add(tp.partition()));
                }
            }
            return partitions;
        }
    }
}
