package org.openenos.telemetry.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the telemetry bus on Kafka.
 *
 * @param bootstrapServers  brokers to contact first, {@code host:port} separated by commas
 * @param topic             the telemetry topic; created with the settings below when missing
 * @param partitions        partitions of the topic; must match an existing topic (assets are placed by the bus)
 * @param replicationFactor replicas of each partition when the bus creates a topic
 * @param minInsyncReplicas replicas that must have a record before it is acknowledged (topic setting, at most the
 *                          replication factor)
 * @param deadLetterTopic   where consumers put records they cannot process
 * @param linger            how long the producer waits to fill a batch; Kafka's counterpart of the embedded log's
 *                          group commit
 * @param deliveryTimeout   how long an unacknowledged publish is retried before the device is told it failed
 * @param clientProperties  further Kafka client settings (security, for instance), given to every client as they are
 */
public record KafkaBusConfig(String bootstrapServers, String topic, int partitions, short replicationFactor,
                             int minInsyncReplicas, String deadLetterTopic, Duration linger, Duration deliveryTimeout,
                             Map<String, String> clientProperties) {

    public KafkaBusConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the Kafka bus needs bootstrap servers");
        }
        if (topic == null || topic.isBlank() || deadLetterTopic == null || deadLetterTopic.isBlank()
                || topic.equals(deadLetterTopic)) {
            throw new IllegalArgumentException("the Kafka bus needs a topic and a distinct dead-letter topic");
        }
        if (partitions < 1 || replicationFactor < 1 || minInsyncReplicas < 1) {
            throw new IllegalArgumentException("partitions, replication factor and min in-sync replicas must be > 0");
        }
        minInsyncReplicas = Math.min(minInsyncReplicas, replicationFactor);
        clientProperties = Map.copyOf(clientProperties == null ? Map.of() : clientProperties);
    }

    /** A single-broker set-up for tests and trials: replication 1, the given topic and its dead letters. */
    public static KafkaBusConfig singleBroker(String bootstrapServers, String topic, int partitions) {
        return new KafkaBusConfig(bootstrapServers, topic, partitions, (short) 1, 1, topic + "-dead-letters",
                Duration.ofMillis(5), Duration.ofMinutes(2), Map.of());
    }
}
