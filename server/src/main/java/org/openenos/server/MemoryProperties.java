package org.openenos.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds of the server's memory outside the Java heap that the JVM's own flags do not cover (docs/architecture,
 * "Memory: what uses it and its bound"; ADR 0135).
 *
 * @param storeNativeLimit cap on the embedded time-series store's native allocations (writer buffers, merges, query
 *                         maps and sorts; its mapped column files are page cache and not counted); an allocation
 *                         beyond it fails: a store write is retried from the log, a query answers an error. 0: no cap
 */
@ConfigurationProperties("openenos.memory")
public record MemoryProperties(@DefaultValue("512MB") DataSize storeNativeLimit) {

    public MemoryProperties {
        if (storeNativeLimit.isNegative()) {
            throw new IllegalArgumentException("openenos.memory.store-native-limit must not be negative");
        }
    }
}
