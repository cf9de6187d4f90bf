package org.openenos.edge.app.cloud;

import javax.net.ssl.SSLSocketFactory;

/**
 * Where and how the MQTT link connects, decided before every connect: from the configuration, or by provisioning,
 * which may first have to activate the edge and obtain or renew its certificate.
 */
@FunctionalInterface
public interface CloudTransport {
    /** An MQTT server URI ({@code tcp://} or {@code ssl://}) and the socket factory for it, null for plain TCP. */
    record Target(String uri, SSLSocketFactory socketFactory) {
    }

    Target prepare() throws Exception;

    /** The configured host and port, with the configured key stores when {@code cloud.tls} is enabled. */
    static CloudTransport configured(org.openenos.edge.config.CloudConfig cloud) {
        return () -> cloud.tls() != null && cloud.tls().enabled()
                ? new Target("ssl://" + cloud.host() + ":" + cloud.port(), TlsSockets.mutualTls(cloud.tls()))
                : new Target("tcp://" + cloud.host() + ":" + cloud.port(), null);
    }
}
