package org.openenos.cluster;

import java.util.function.Consumer;

/**
 * Messages between the nodes of a cluster, at most once and in order per sender: a node that is down misses what is
 * sent meanwhile (what it must know after a restart it reads from the database).
 */
public interface ClusterMessaging extends AutoCloseable {
    /** Starts delivering the messages addressed to this node, and broadcasts, to {@code receiver}. */
    void listen(String selfNodeId, Consumer<ClusterMessage> receiver);

    /** Sends to every other node. */
    void broadcast(ClusterMessage message);

    /** Sends to one node. */
    void send(String nodeId, ClusterMessage message);

    /** False while the channel is down (after a database failure, until it listens again). */
    boolean connected();

    @Override
    void close();
}
