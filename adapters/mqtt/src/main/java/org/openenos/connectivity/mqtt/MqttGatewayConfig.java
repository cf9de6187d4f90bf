package org.openenos.connectivity.mqtt;

/**
 * Settings of the MQTT device gateway, each with its default.
 *
 * @param host                       interface to bind ({@code 0.0.0.0})
 * @param plainPort                  plain TCP port (11883, reference §1.2); 0 picks a free port
 * @param maxPayloadBytes            largest accepted payload (512 KB, reference §2); larger ones get reply 1008
 * @param maxConnectionsPerIp        connections accepted from one address (1000)
 * @param messagesPerDevicePerSecond inbound messages per connection per second before reading pauses (1000)
 * @param maxPendingPerConnection    requests in flight per connection before reading pauses (back-pressure, 64);
 *                                   announced to MQTT 5 clients as Receive Maximum
 * @param connectTimeoutSeconds      time from accept until the CONNECT must have been accepted, TLS handshake and
 *                                   login included (10)
 * @param workerThreads              threads running use cases, which may block on the registry (16)
 * @param workerQueue                tasks queued for those threads before requests are refused (10000)
 * @param connectsPerIpPerSecond     new connections accepted from one address per second; more are closed at once
 *                                   (a CONNECT flood costs no login work; 100)
 * @param topicAliasMaximum          MQTT 5 topic aliases a client may use per connection (16; 0 refuses aliases)
 */
public record MqttGatewayConfig(String host, int plainPort, int maxPayloadBytes, int maxConnectionsPerIp,
                                int messagesPerDevicePerSecond, int maxPendingPerConnection,
                                int connectTimeoutSeconds, int workerThreads, int workerQueue,
                                int connectsPerIpPerSecond, int topicAliasMaximum) {

    public MqttGatewayConfig {
        positive("maxPayloadBytes", maxPayloadBytes);
        positive("maxConnectionsPerIp", maxConnectionsPerIp);
        positive("messagesPerDevicePerSecond", messagesPerDevicePerSecond);
        positive("maxPendingPerConnection", maxPendingPerConnection);
        positive("connectsPerIpPerSecond", connectsPerIpPerSecond);
        positive("connectTimeoutSeconds", connectTimeoutSeconds);
        if (topicAliasMaximum < 0 || topicAliasMaximum > 65_535) {
            throw new IllegalArgumentException("topicAliasMaximum must be between 0 and 65535");
        }
    }

    public static MqttGatewayConfig defaults() {
        return new MqttGatewayConfig("0.0.0.0", 11883, 512 * 1024, 1000, 1000, 64, 10, 16, 10_000, 100, 16);
    }

    public MqttGatewayConfig withHost(String newHost) {
        return new MqttGatewayConfig(newHost, plainPort, maxPayloadBytes, maxConnectionsPerIp,
                messagesPerDevicePerSecond, maxPendingPerConnection, connectTimeoutSeconds, workerThreads, workerQueue,
                connectsPerIpPerSecond, topicAliasMaximum);
    }

    public MqttGatewayConfig withPlainPort(int port) {
        return new MqttGatewayConfig(host, port, maxPayloadBytes, maxConnectionsPerIp, messagesPerDevicePerSecond,
                maxPendingPerConnection, connectTimeoutSeconds, workerThreads, workerQueue, connectsPerIpPerSecond,
                topicAliasMaximum);
    }

    public MqttGatewayConfig withMaxPayloadBytes(int bytes) {
        return new MqttGatewayConfig(host, plainPort, bytes, maxConnectionsPerIp, messagesPerDevicePerSecond,
                maxPendingPerConnection, connectTimeoutSeconds, workerThreads, workerQueue, connectsPerIpPerSecond,
                topicAliasMaximum);
    }

    public MqttGatewayConfig withConnectTimeoutSeconds(int seconds) {
        return new MqttGatewayConfig(host, plainPort, maxPayloadBytes, maxConnectionsPerIp, messagesPerDevicePerSecond,
                maxPendingPerConnection, seconds, workerThreads, workerQueue, connectsPerIpPerSecond,
                topicAliasMaximum);
    }

    public MqttGatewayConfig withMessagesPerDevicePerSecond(int perSecond) {
        return new MqttGatewayConfig(host, plainPort, maxPayloadBytes, maxConnectionsPerIp, perSecond,
                maxPendingPerConnection, connectTimeoutSeconds, workerThreads, workerQueue, connectsPerIpPerSecond,
                topicAliasMaximum);
    }

    public MqttGatewayConfig withConnectsPerIpPerSecond(int perSecond) {
        return new MqttGatewayConfig(host, plainPort, maxPayloadBytes, maxConnectionsPerIp, messagesPerDevicePerSecond,
                maxPendingPerConnection, connectTimeoutSeconds, workerThreads, workerQueue, perSecond,
                topicAliasMaximum);
    }

    public MqttGatewayConfig withMaxConnectionsPerIp(int max) {
        return new MqttGatewayConfig(host, plainPort, maxPayloadBytes, max, messagesPerDevicePerSecond,
                maxPendingPerConnection, connectTimeoutSeconds, workerThreads, workerQueue, connectsPerIpPerSecond,
                topicAliasMaximum);
    }

    public MqttGatewayConfig withTopicAliasMaximum(int max) {
        return new MqttGatewayConfig(host, plainPort, maxPayloadBytes, maxConnectionsPerIp, messagesPerDevicePerSecond,
                maxPendingPerConnection, connectTimeoutSeconds, workerThreads, workerQueue, connectsPerIpPerSecond,
                max);
    }

    /** The largest MQTT packet read: room above the payload limit so a too-large payload is still answered 1008. */
    int maxPacketBytes() {
        return 2 * maxPayloadBytes + 64 * 1024;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
