package org.openenos.sdk;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * Settings of a {@link DeviceClient}, each with the default of the EnOS Java SDK where it has one (reference §1.2).
 *
 * @param serverUri      {@code tcp://host:11883} or {@code ssl://host:18883}
 * @param tls            socket factory for {@code ssl://} (X.509: built with the device's key and the CA); null: JVM default
 * @param localAddress   local address to bind (spreads many connections over 127.0.0.x); null: any
 * @param keepAlive      MQTT keep-alive (60 s)
 * @param connectTimeout time to wait for CONNACK (30 s)
 * @param replyTimeout   time to wait for a {@code _reply} (60 s)
 * @param reconnect      whether to reconnect after a lost connection, with backoff from minBackoff to maxBackoff
 * @param bufferFile     on-disk store-and-forward buffer of measure points; null: no buffer
 * @param bufferMaxBytes size limit of that buffer (64 MB)
 * @param subscribeReplies SUBSCRIBE to each {@code _reply} topic before its first request, as the EnOS SDKs do
 * @param maxInflight    QoS 1 publishes in flight on the connection (Paho's window)
 */
public record DeviceClientOptions(String serverUri, SSLSocketFactory tls, InetAddress localAddress, Duration keepAlive,
                                  Duration connectTimeout, Duration replyTimeout, boolean reconnect,
                                  Duration minBackoff, Duration maxBackoff, Path bufferFile, long bufferMaxBytes,
                                  boolean subscribeReplies, int maxInflight) {

    public static DeviceClientOptions of(String serverUri) {
        return new DeviceClientOptions(serverUri, null, null, Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofSeconds(60), true, Duration.ofSeconds(1), Duration.ofSeconds(128), null,
                64L * 1024 * 1024, true, 100);
    }

    public DeviceClientOptions withTls(SSLSocketFactory factory) {
        return new DeviceClientOptions(serverUri, factory, localAddress, keepAlive, connectTimeout, replyTimeout,
                reconnect, minBackoff, maxBackoff, bufferFile, bufferMaxBytes, subscribeReplies, maxInflight);
    }

    public DeviceClientOptions withLocalAddress(InetAddress address) {
        return new DeviceClientOptions(serverUri, tls, address, keepAlive, connectTimeout, replyTimeout,
                reconnect, minBackoff, maxBackoff, bufferFile, bufferMaxBytes, subscribeReplies, maxInflight);
    }

    public DeviceClientOptions withReplyTimeout(Duration timeout) {
        return new DeviceClientOptions(serverUri, tls, localAddress, keepAlive, connectTimeout, timeout,
                reconnect, minBackoff, maxBackoff, bufferFile, bufferMaxBytes, subscribeReplies, maxInflight);
    }

    public DeviceClientOptions withReconnect(boolean enabled, Duration min, Duration max) {
        return new DeviceClientOptions(serverUri, tls, localAddress, keepAlive, connectTimeout, replyTimeout,
                enabled, min, max, bufferFile, bufferMaxBytes, subscribeReplies, maxInflight);
    }

    public DeviceClientOptions withBuffer(Path file, long maxBytes) {
        return new DeviceClientOptions(serverUri, tls, localAddress, keepAlive, connectTimeout, replyTimeout,
                reconnect, minBackoff, maxBackoff, file, maxBytes, subscribeReplies, maxInflight);
    }

    public DeviceClientOptions withSubscribeReplies(boolean subscribe) {
        return new DeviceClientOptions(serverUri, tls, localAddress, keepAlive, connectTimeout, replyTimeout,
                reconnect, minBackoff, maxBackoff, bufferFile, bufferMaxBytes, subscribe, maxInflight);
    }

    public DeviceClientOptions withMaxInflight(int inflight) {
        return new DeviceClientOptions(serverUri, tls, localAddress, keepAlive, connectTimeout, replyTimeout,
                reconnect, minBackoff, maxBackoff, bufferFile, bufferMaxBytes, subscribeReplies, inflight);
    }
}
