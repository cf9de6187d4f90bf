package org.openenos.timeseries.cassandra;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cassandra nodes on 127.0.0.1…n with the same ports: node 1, the seed, first, then the others at the same time, each
 * with vnode tokens of its own (so that joining together they cannot choose the same ones). About a minute per node
 * on a busy two-core machine.
 */
public final class CassandraTestCluster implements AutoCloseable {
    private final List<CassandraTestNode> nodes = new ArrayList<>();

    private CassandraTestCluster() {
    }

    public static CassandraTestCluster start(Path dir, int size, String heap) {
        var cluster = new CassandraTestCluster();
        var ports = CassandraTestNode.Ports.free();
        try {
            // the seed first, then the others together: each has tokens of its own and none bootstraps data
            CassandraTestNode seed = CassandraTestNode.spawn(dir.resolve("node1"), 1, size, ports, heap);
            cluster.nodes.add(seed);
            seed.awaitStarted();
            for (int n = 2; n <= size; n++) {
                cluster.nodes.add(CassandraTestNode.spawn(dir.resolve("node" + n), n, size, ports, heap));
            }
            cluster.nodes.forEach(CassandraTestNode::awaitStarted);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** host:port of every node, for {@code openenos.timeseries.cassandra.contact-points}. */
    public List<String> contactPoints() {
        return nodes.stream().map(CassandraTestNode::contactPoint)
                .map(a -> a.getHostString() + ":" + a.getPort()).toList();
    }

    public List<InetSocketAddress> addresses() {
        return nodes.stream().map(CassandraTestNode::contactPoint).toList();
    }

    public CassandraTestNode node(int index) {
        return nodes.get(index);
    }

    @Override
    public void close() {
        nodes.reversed().forEach(CassandraTestNode::close);
    }
}
