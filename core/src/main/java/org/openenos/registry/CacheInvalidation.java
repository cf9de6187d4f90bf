package org.openenos.registry;

/**
 * Something the registry's caches must forget because it changed: on this node, to be told to the other nodes of a
 * cluster, or on another node, to be applied here. Only keys travel, never the data (the next read loads it).
 */
public sealed interface CacheInvalidation {
    /** A device changed (registry update, status, activation, attributes, tags, gateway). */
    record Device(String assetId) implements CacheInvalidation {
    }

    /** A product changed. */
    record Product(String productKey) implements CacheInvalidation {
    }

    /** Some model changed; resolved models depend on their parents, so all are dropped. */
    record Models() implements CacheInvalidation {
    }
}
