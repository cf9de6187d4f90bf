package org.openenos.edge.config;

/** The local status endpoint; port 0 picks a free port, a negative port turns it off. */
public record StatusConfig(String bindAddress, Integer port) {
    public StatusConfig {
        bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
        port = port == null ? 8089 : port;
    }

    public static StatusConfig defaults() {
        return new StatusConfig(null, null);
    }
}
