package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.openenos.alerting.AlertService;
import org.openenos.cluster.CacheSync;
import org.openenos.cluster.Cluster;
import org.openenos.cluster.ClusterMaintenance;
import org.openenos.cluster.ConnectionDirectory;
import org.openenos.cluster.DeviceRouting;
import org.openenos.cluster.GrantsSync;
import org.openenos.cluster.NodeRegistry;
import org.openenos.cluster.postgres.PostgresClusterMessaging;
import org.openenos.cluster.postgres.PostgresConnectionDirectory;
import org.openenos.cluster.postgres.PostgresNodeRegistry;
import org.openenos.cluster.postgres.ShedLockClusterJobs;
import org.openenos.connectivity.Connectivity;
import org.openenos.identity.RoleService;
import org.openenos.registry.RegistryDeviceDirectory;
import org.openenos.timeseries.TimeSeriesModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Several server nodes sharing the metadata database (ADR 0121), wired only when {@code openenos.cluster.enabled}:
 * a single node (the default) creates none of these beans and pays nothing for them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "openenos.cluster", name = "enabled", havingValue = "true")
public class ClusterConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfiguration.class);

    /** This node's id, fixed for the life of the process. */
    record NodeIdentity(String nodeId, String address) {
    }

    @Bean
    NodeIdentity nodeIdentity(OpenEnosProperties props) {
        var cluster = props.cluster();
        String host = hostName();
        String nodeId = cluster.nodeId().isBlank()
                ? host + "-" + UUID.randomUUID().toString().substring(0, 8) : cluster.nodeId();
        String address = cluster.address().isBlank() ? host : cluster.address();
        if (props.database().jdbcUrl() == null || props.database().jdbcUrl().isBlank()) {
            LOG.warn("Cluster mode with the embedded PostgreSQL: only nodes on this machine can join; set "
                    + "openenos.database.jdbc-url to a PostgreSQL that every node reaches");
        }
        return new NodeIdentity(nodeId, address);
    }

    /** Every metric of this node carries its id, so a Prometheus scraping all nodes tells them apart. */
    @Bean
    MeterRegistryCustomizer<MeterRegistry> nodeTag(NodeIdentity node) {
        return registry -> registry.config().commonTags("node", node.nodeId());
    }

    @Bean
    NodeRegistry nodeRegistry(JdbcClient jdbc) {
        return new PostgresNodeRegistry(jdbc);
    }

    @Bean
    ConnectionDirectory connectionDirectory(JdbcClient jdbc) {
        return new PostgresConnectionDirectory(jdbc);
    }

    @Bean(destroyMethod = "close")
    Cluster cluster(NodeIdentity node, OpenEnosProperties props, NodeRegistry nodes, DataSource dataSource,
                    Clock clock, MeterRegistry meters) {
        var settings = props.cluster();
        return new Cluster(new Cluster.Config(node.nodeId(), node.address(), settings.heartbeatInterval(),
                settings.deadAfter(), settings.deliveryTimeout()), nodes, new PostgresClusterMessaging(dataSource),
                new ShedLockClusterJobs(dataSource, node.nodeId(), clock), clock, meters);
    }

    /**
     * Everything that takes part in the cluster, attached before the cluster starts listening. The MQTT gateway asks
     * for this bean before it accepts connections, so no session opens unseen by the connection directory.
     */
    @Bean
    ClusterMembership clusterMembership(Cluster cluster, ConnectionDirectory directory, NodeRegistry nodes,
                                        Connectivity connectivity, RegistryDeviceDirectory devices,
                                        ObjectProvider<AlertService> alerts, OpenEnosProperties props, Clock clock,
                                        ObjectProvider<RoleService> roles,
                                        ObjectProvider<TimeSeriesModule> timeSeries) {
        new DeviceRouting(cluster, directory, connectivity, devices, clock).attach();
        new CacheSync(cluster, devices, alerts.getIfAvailable()).attach();
        roles.ifAvailable(r -> new GrantsSync(cluster, r).attach());
        cluster.scheduleOnce("cluster-maintenance", props.cluster().maintenanceInterval(),
                new ClusterMaintenance(cluster, nodes, directory, devices, clock));
        // a shared time-series store (Cassandra) is trimmed by one node per hour, not by every node
        timeSeries.ifAvailable(t -> t.handRetentionToCluster((every, work) ->
                cluster.scheduleOnce("time-series-retention", every, work)));
        cluster.start();
        return new ClusterMembership(cluster);
    }

    /** This node in the cluster, for health: UP while its heartbeats and its message channel work. */
    public record ClusterMembership(Cluster cluster) implements HealthIndicator {
        @Override
        public Health health() {
            Health.Builder health = cluster.healthy() ? Health.up() : Health.down();
            return health.withDetail("nodeId", cluster.nodeId())
                    .withDetail("lastHeartbeat", String.valueOf(cluster.lastHeartbeat()))
                    .withDetail("aliveNodes", cluster.aliveNodes().stream()
                            .map(n -> n.nodeId() + "@" + n.address()).toList())
                    .build();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
