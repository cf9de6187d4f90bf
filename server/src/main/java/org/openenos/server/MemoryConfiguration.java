package org.openenos.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.openenos.timeseries.questdb.NativeMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds and metrics of the memory the JVM does not account for in its heap (ADR 0135): the device gateway's Netty
 * buffers (bounded by {@code -XX:MaxDirectMemorySize}, measured here) and the embedded store's native allocations
 * (bounded by {@code openenos.memory.store-native-limit}). Heap, metaspace, code cache, threads and direct buffers
 * are Micrometer's {@code jvm.*} meters.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MemoryProperties.class)
public class MemoryConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryConfiguration.class);

    /** The buffers of the MQTT gateway's connections: its channels use Netty's default allocator. */
    @Bean
    MeterBinder nettyAllocatorMetrics() {
        return registry -> {
            if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
                new NettyAllocatorMetrics(provider).bindTo(registry);
            }
        };
    }

    /** Only with the embedded store: other stores leave the engine's classes (and its native library) unloaded. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "openenos.timeseries.store", havingValue = "questdb", matchIfMissing = true)
    static class EmbeddedStoreMemory {

        @Bean
        MeterBinder storeNativeMemory(MemoryProperties props) {
            NativeMemory.limit(props.storeNativeLimit().toBytes());
            LOG.info("time-series store native memory limited to {} MB (openenos.memory.store-native-limit)",
                    props.storeNativeLimit().toMegabytes());
            return EmbeddedStoreMemory::bind;
        }

        private static void bind(MeterRegistry registry) {
            Gauge.builder("openenos.timeseries.native.memory.allocated", NativeMemory::allocated).baseUnit("bytes")
                    .description("native memory the time-series store has allocated (counts against its limit)")
                    .register(registry);
            Gauge.builder("openenos.timeseries.native.memory.limit", NativeMemory::limit).baseUnit("bytes")
                    .description("limit of the store's native allocations, openenos.memory.store-native-limit "
                            + "(0: none)")
                    .register(registry);
            Gauge.builder("openenos.timeseries.native.memory.mapped", NativeMemory::mapped).baseUnit("bytes")
                    .description("column and index files the store has mapped (page cache, resident only where "
                            + "touched)")
                    .register(registry);
        }
    }
}
