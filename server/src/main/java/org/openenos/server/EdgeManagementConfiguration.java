package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.openenos.connectivity.Connectivity;
import org.openenos.edge.config.ConfigException;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edgemanagement.EdgeConfigService;
import org.openenos.edgemanagement.FieldConfigValidator;
import org.openenos.edgemanagement.postgres.PostgresEdgeConfigStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Edge gateways managed from the cloud (issue 21, ADR 0059): versions in PostgreSQL, validation with the edge's own
 * configuration records (edge-core, so the messages are the edge's), pushes over the gateway's MQTT session and the
 * status reports it sends back.
 */
@Configuration(proxyBeanMethods = false)
public class EdgeManagementConfiguration {

    @Bean
    FieldConfigValidator fieldConfigValidator() {
        EdgeConfigLoader loader = new EdgeConfigLoader();
        return (text, name) -> {
            try {
                loader.parseField(text, name);
                return Optional.empty();
            } catch (ConfigException e) {
                return Optional.of(e.getMessage());
            }
        };
    }

    @Bean
    EdgeConfigService edgeConfigService(JdbcClient jdbc, TransactionTemplate tx, FieldConfigValidator validator,
                                        Connectivity connectivity, Clock clock, MeterRegistry meters) {
        EdgeConfigService service = new EdgeConfigService(new PostgresEdgeConfigStore(jdbc, tx), validator,
                connectivity.publisher(), clock, meters);
        connectivity.attachEdgeReports(service);
        return service;
    }
}
