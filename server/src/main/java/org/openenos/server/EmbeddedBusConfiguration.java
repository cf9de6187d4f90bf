package org.openenos.server;

import org.openenos.telemetry.TelemetryBusProvider;
import org.openenos.timeseries.TimeSeriesConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The default bus: the embedded durable log in the data directory (one server, no Kafka class loaded). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "openenos.bus.type", havingValue = "embedded", matchIfMissing = true)
public class EmbeddedBusConfiguration {

    @Bean
    TelemetryBusProvider telemetryBusProvider() {
        return TelemetryBusProvider.embedded(TimeSeriesConfig.DEFAULTS.bus());
    }
}
