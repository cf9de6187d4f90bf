package org.openenos.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.openenos.connectivity.Connectivity;
import org.openenos.connectivity.http.HttpDeviceAccess;
import org.openenos.connectivity.postgres.PostgresProductScriptStore;
import org.openenos.connectivity.raw.ProductScriptStore;
import org.openenos.connectivity.raw.ProductScripts;
import org.openenos.connectivity.scripting.GraalJsScriptEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Custom-format products: their parsing scripts, stored in PostgreSQL and run by GraalJS. The engine is built by
 * the first script set or used, never at start-up (it costs seconds on a cold JVM).
 */
@Configuration(proxyBeanMethods = false)
public class ProductScriptConfiguration {

    @Bean
    ProductScriptStore productScriptStore(JdbcClient jdbc) {
        return new PostgresProductScriptStore(jdbc);
    }

    @Bean(destroyMethod = "close")
    ProductScripts productScripts(ProductScriptStore store, OpenEnosProperties props, Clock clock,
                                  Connectivity connectivity, HttpDeviceAccess httpDevices,
                                  MeterRegistry meters) {
        ProductScripts scripts = new ProductScripts(store,
                () -> new GraalJsScriptEngine(props.scripting().timeout(), props.scripting().statementLimit()), clock);
        connectivity.attachProductScripts(scripts);
        httpDevices.attachRawPayloads(connectivity::raw);
        Gauge.builder("openenos.scripting.engine.started", scripts, s -> s.engineStarted() ? 1 : 0)
                .description("1 once the parsing-script engine was built (on the first custom-format product's use)")
                .register(meters);
        return scripts;
    }
}
