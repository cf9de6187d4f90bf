package org.openenos.telemetry.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The settings every client of the bus is created with, in one place. */
final class KafkaClients {
    /** Records a group member takes per fetch; the bus hands them out in the sizes its readers ask for. */
    static final int MAX_POLL_RECORDS = 4_000;
    /** How long a silent group member keeps its partitions (Kafka's default is 45 s). */
    static final int SESSION_TIMEOUT_MS = 10_000;

    private KafkaClients() {
    }

    private static Properties common(KafkaBusConfig config) {
        var props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.putAll(config.clientProperties());
        return props;
    }

    /**
     * The zero-loss settings: a record is acknowledged only once every in-sync replica has it ({@code acks=all},
     * with the topic's min.insync.replicas), and the idempotent producer keeps retries from duplicating or
     * reordering records of one partition.
     */
    static KafkaProducer<String, byte[]> producer(KafkaBusConfig config, String clientId) {
        var props = common(config);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) config.linger().toMillis());
        int delivery = (int) config.deliveryTimeout().toMillis();
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, delivery));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        // the embedded log holds a publisher back up to 30 s when saturated; a full producer buffer does the same
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** A member of {@code group}: offsets are committed by the reader after processing, never automatically. */
    static KafkaConsumer<String, byte[]> groupMember(KafkaBusConfig config, String group, String clientId) {
        return groupMember(config, group, clientId, false);
    }

    /** {@code fromEnd}: a partition the group has no committed offset for is read from its end, not its start. */
    static KafkaConsumer<String, byte[]> groupMember(KafkaBusConfig config, String group, String clientId,
                                                     boolean fromEnd) {
        var props = groupMemberProperties(config, group, clientId);
        if (fromEnd) {
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        }
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    static Properties groupMemberProperties(KafkaBusConfig config, String group, String clientId) {
        var props = common(config);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // A server node that dies (SIGKILL, power cut) leaves its partitions only when the group coordinator misses
        // its heartbeats for this long; Kafka's 45 s default left a dead node's values unstored and its alerts
        // unevaluated for most of a minute. 10 s matches the cluster's own openenos.cluster.dead-after; a setting
        // of the same name in openenos.bus.kafka.properties wins.
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(SESSION_TIMEOUT_MS));
        props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(SESSION_TIMEOUT_MS / 4));
        cooperativeRebalancing(props);
        return props;
    }

    /**
     * With Kafka's eager default every member gives up all its partitions on each membership change, so a node
     * joining or leaving made every alert stage drop and reload all its assets' state. The cooperative-sticky
     * assignor moves only the partitions that change owner: the others are neither revoked nor assigned again, and
     * members keep reading them during the rebalance. Every reader of the bus handles partitions given and taken one
     * at a time. A setting in openenos.bus.kafka.properties wins (a rolling upgrade from an eager group needs
     * {@code CooperativeStickyAssignor,RangeAssignor} for one round); the broker-side protocol
     * ({@code group.protocol=consumer}) assigns incrementally by itself and refuses the setting.
     */
    private static void cooperativeRebalancing(Properties props) {
        Object protocol = props.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        if (protocol == null || "classic".equalsIgnoreCase(protocol.toString())) {
            props.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    CooperativeStickyAssignor.class.getName());
        }
    }

    /** A reader without a group, positioned by its owner (cursors, dead-letter reads). */
    static KafkaConsumer<String, byte[]> standalone(KafkaBusConfig config, String clientId) {
        var props = common(config);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    static Map<String, Object> admin(KafkaBusConfig config) {
        var props = new HashMap<String, Object>();
        common(config).forEach((k, v) -> props.put((String) k, v));
        return props;
    }
}
