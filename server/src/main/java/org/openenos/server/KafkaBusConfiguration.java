package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import org.openenos.telemetry.TelemetryBusProvider;
import org.openenos.telemetry.kafka.KafkaBusConfig;
import org.openenos.telemetry.kafka.KafkaTelemetryBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The bus on Apache Kafka ({@code openenos.bus.type=kafka}): every stage that reads the bus (storage, alerts, live
 * values, subscriptions, stream jobs) reads the Kafka topic through the same port, and server nodes sharing the
 * cluster share the consumer groups' partitions. This class is only read when the type is kafka, so an embedded
 * server never loads a Kafka class.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "openenos.bus.type", havingValue = "kafka")
public class KafkaBusConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBusConfiguration.class);

    @Bean
    TelemetryBusProvider telemetryBusProvider(BusProperties props, MeterRegistry meters) {
        var k = props.kafka();
        var config = new KafkaBusConfig(k.bootstrapServers(), k.topic(), k.partitions(), k.replicationFactor(),
                k.minInsyncReplicas(), k.deadLetterTopic(), k.linger(), k.deliveryTimeout(), k.properties());
        String clientId = k.clientId() == null || k.clientId().isBlank() ? hostName() : k.clientId();
        return (dir, deadLetterFile) -> {
            LOG.info("telemetry bus: Kafka topic {} ({} partitions) at {}", k.topic(), k.partitions(),
                    k.bootstrapServers());
            var bus = KafkaTelemetryBus.open(config, clientId);
            bus.bindTo(meters);
            return new TelemetryBusProvider.OpenedBus(bus, bus.deadLetters());
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "node";
        }
    }
}
