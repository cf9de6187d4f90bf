package org.openenos.server;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The telemetry bus between ingest and the stages that read it (storage, alerts, live values, subscriptions, stream
 * jobs): the embedded log by default, Apache Kafka for several server nodes (docs/scale-out.md).
 *
 * @param type  embedded (a durable log in the data directory, one server) or kafka (several server nodes)
 * @param kafka the Kafka cluster and topic when the type is {@code kafka}
 */
@ConfigurationProperties("openenos.bus")
public record BusProperties(@DefaultValue("embedded") Type type, @DefaultValue Kafka kafka) {

    public enum Type {
        EMBEDDED, KAFKA
    }

    /**
     * @param bootstrapServers  brokers to contact first, host:port separated by commas
     * @param topic             telemetry topic; created when missing
     * @param partitions        partitions of the telemetry topic; an existing topic must have exactly this many
     * @param replicationFactor replicas of each partition when the topics are created
     * @param minInsyncReplicas replicas that must have a record before a device is acknowledged (set on the topics the
     *                          server creates)
     * @param deadLetterTopic   where records and values the pipeline cannot process are kept
     * @param linger            how long the producer waits to fill a batch before sending
     * @param deliveryTimeout   how long a publish is retried before the device is told it failed
     * @param clientId          names this node's Kafka clients; empty: the host name
     * @param properties        further Kafka client settings (for example security.protocol, sasl.*, ssl.*), passed to
     *                          every client as they are
     */
    public record Kafka(@DefaultValue("localhost:9092") String bootstrapServers,
                        @DefaultValue("openenos-telemetry") String topic,
                        @DefaultValue("12") int partitions,
                        @DefaultValue("3") short replicationFactor,
                        @DefaultValue("2") int minInsyncReplicas,
                        @DefaultValue("openenos-telemetry-dead-letters") String deadLetterTopic,
                        @DefaultValue("5ms") Duration linger,
                        @DefaultValue("2m") Duration deliveryTimeout,
                        String clientId,
                        Map<String, String> properties) {
        @Override
        public String toString() {
            // client properties may hold credentials (sasl.jaas.config, ssl passwords): never logged
            return "Kafka[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", partitions=" + partitions
                    + "]";
        }
    }
}
