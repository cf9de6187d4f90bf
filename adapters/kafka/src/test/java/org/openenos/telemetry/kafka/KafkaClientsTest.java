package org.openenos.telemetry.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
    private static KafkaBusConfig config(Map<String, String> clientProperties) {
        return new KafkaBusConfig("127.0.0.1:9092", "t", 3, (short) 3, 2, "t-dead", Duration.ofMillis(5),
                Duration.ofMinutes(2), clientProperties);
    }

    @Test
    void aDeadNodesReadersLeaveTheirPartitionsAfterTenSecondsNotKafkasFortyFive() {
        var props = KafkaClients.groupMemberProperties(config(Map.of()), "timeseries-store", "node-a");
        assertThat(props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo("10000");
        assertThat(Integer.parseInt((String) props.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)))
                .isLessThan(10_000 / 3 + 1);
    }

    @Test
    void aSessionTimeoutInTheClientPropertiesWins() {
        var props = KafkaClients.groupMemberProperties(config(Map.of("session.timeout.ms", "30000",
                "heartbeat.interval.ms", "5000")), "timeseries-store", "node-a");
        assertThat(props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo("30000");
        assertThat(props.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo("5000");
    }

    @Test
    void groupMembersMoveOnlyThePartitionsThatChangeOwnerUnlessTheSettingsSayOtherwise() {
        var props = KafkaClients.groupMemberProperties(config(Map.of()), "alert-engine", "node-a");
        assertThat(props.get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG))
                .isEqualTo(CooperativeStickyAssignor.class.getName());

        var upgrading = KafkaClients.groupMemberProperties(config(Map.of("partition.assignment.strategy",
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor,"
                        + "org.apache.kafka.clients.consumer.RangeAssignor")), "alert-engine", "node-a");
        assertThat((String) upgrading.get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG)).endsWith("RangeAssignor");

        var brokerAssigned = KafkaClients.groupMemberProperties(config(Map.of("group.protocol", "consumer")),
                "alert-engine", "node-a");
        assertThat(brokerAssigned).doesNotContainKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
    }
}
