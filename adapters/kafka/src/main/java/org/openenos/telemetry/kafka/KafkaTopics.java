package org.openenos.telemetry.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the bus's topics when missing and checks an existing telemetry topic: its partition count must be the
 * configured one, because the bus places each asset on a partition itself and every node must agree on where.
 */
final class KafkaTopics {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
    private static final long TIMEOUT_SECONDS = 60;

    private KafkaTopics() {
    }

    static void ensure(Admin admin, KafkaBusConfig config) {
        Map<String, String> settings = Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                String.valueOf(config.minInsyncReplicas()));
        create(admin, new NewTopic(config.topic(), config.partitions(), config.replicationFactor()).configs(settings));
        // one partition: dead letters are few and an operator reads them oldest first
        create(admin, new NewTopic(config.deadLetterTopic(), 1, config.replicationFactor()).configs(settings));
        int actual = await(() -> admin.describeTopics(List.of(config.topic())).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(config.topic()).partitions().size());
        if (actual != config.partitions()) {
            throw new OpenEnosException(ErrorCode.UNAVAILABLE, "topic " + config.topic() + " has " + actual
                    + " partitions but the bus is configured with " + config.partitions()
                    + "; set openenos.bus.kafka.partitions to " + actual);
        }
    }

    private static void create(Admin admin, NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("created Kafka topic {} ({} partitions, replication {})", topic.name(), topic.numPartitions(),
                    topic.replicationFactor());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw unavailable("cannot create Kafka topic " + topic.name(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw unavailable("Kafka did not answer within " + TIMEOUT_SECONDS + " s creating " + topic.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while creating " + topic.name(), e);
        }
    }

    interface Call<T> {
        T get() throws ExecutionException, TimeoutException, InterruptedException;
    }

    static <T> T await(Call<T> call) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            throw unavailable("Kafka refused a request: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("Kafka did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for Kafka", e);
        }
    }

    static OpenEnosException unavailable(String message, Throwable cause) {
        return new OpenEnosException(ErrorCode.UNAVAILABLE, message, cause);
    }
}
