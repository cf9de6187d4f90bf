package org.openenos.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.openenos.registry.DeviceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after nodes that died (SIGKILL, lost machine): their devices are marked offline (they reconnect to a
 * surviving node, which marks them online again), their directory entries go, and long-dead nodes leave the registry.
 * Runs once in the cluster per period.
 */
public final class ClusterMaintenance implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMaintenance.class);
    /** Dead nodes stay listed this long, so operators can see what died. */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final Cluster cluster;
    private final NodeRegistry nodes;
    private final ConnectionDirectory connections;
    private final DeviceDirectory devices;
    private final Clock clock;

    public ClusterMaintenance(Cluster cluster, NodeRegistry nodes, ConnectionDirectory connections,
                              DeviceDirectory devices, Clock clock) {
        this.cluster = cluster;
        this.nodes = nodes;
        this.connections = connections;
        this.devices = devices;
        this.clock = clock;
    }

    @Override
    public void run() {
        List<String> orphans = connections.removeEntriesOfDeadNodes(cluster.aliveSince());
        for (String assetId : orphans) {
            try {
                devices.markOffline(assetId, clock.instant());
            } catch (RuntimeException e) {
                LOG.debug("Cannot mark {} offline: {}", assetId, e.toString());
            }
        }
        if (!orphans.isEmpty()) {
            LOG.info("Marked {} devices of dead nodes offline", orphans.size());
        }
        nodes.forgetSilentSince(clock.instant().minus(FORGET_AFTER));
    }
}
