package org.openenos.cluster;

import java.time.Instant;

/** A server node as the registry knows it: alive while its heartbeats are younger than the configured timeout. */
public record ClusterNode(String nodeId, String address, Instant startedAt, Instant lastHeartbeat) {
}
