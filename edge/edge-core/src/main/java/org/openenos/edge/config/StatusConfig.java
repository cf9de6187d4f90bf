package org.openenos.edge.config;

/**
 * The local status endpoint; port 0 picks a free port, a negative port turns it off. The same status goes to the
 * cloud every {@code reportIntervalMillis} (and after every configuration push); 0 turns the reports off.
 */
public record StatusConfig(String bindAddress, Integer port, Integer reportIntervalMillis) {
    public StatusConfig {
        bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
        port = port == null ? 8089 : port;
        reportIntervalMillis = reportIntervalMillis == null ? 30_000 : reportIntervalMillis;
        Checks.check(reportIntervalMillis >= 0, "status.reportIntervalMillis must be 0 (off) or positive");
    }

    public static StatusConfig defaults() {
        return new StatusConfig(null, null, null);
    }
}
