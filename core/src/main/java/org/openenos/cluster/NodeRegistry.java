package org.openenos.cluster;

import java.time.Instant;
import java.util.List;

/** The nodes of the cluster and their heartbeats. */
public interface NodeRegistry {
    /** Records that the node is alive now (inserts it on its first heartbeat). */
    void heartbeat(String nodeId, String address, Instant startedAt, Instant now);

    /** Nodes whose last heartbeat is not older than {@code since}. */
    List<ClusterNode> alive(Instant since);

    /** The node stops cleanly: it leaves at once instead of after the timeout. */
    void leave(String nodeId);

    /** Forgets nodes silent since before {@code before}; returns how many. */
    int forgetSilentSince(Instant before);
}
