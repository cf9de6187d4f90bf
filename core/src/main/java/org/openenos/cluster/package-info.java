/**
 * Coordination of several server nodes that share one metadata database: the node registry with heartbeats, small
 * messages between nodes, the connection directory (device → node) behind session takeover and command routing,
 * cache invalidation, and scheduled work that runs once in the cluster (ADR 0121). The ports ({@link NodeRegistry},
 * {@link ClusterMessaging}, {@link ConnectionDirectory}, {@link ClusterJobs}) are implemented on PostgreSQL; another
 * transport (Kafka) can implement them later. A single node (the default) creates none of this.
 */
package org.openenos.cluster;
