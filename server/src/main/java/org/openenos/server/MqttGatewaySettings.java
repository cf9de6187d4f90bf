package org.openenos.server;

import org.openenos.connectivity.mqtt.MqttGatewayConfig;

/** Maps the {@code openenos.mqtt} settings onto the gateway's own configuration record. */
final class MqttGatewaySettings {
    private MqttGatewaySettings() {
    }

    static MqttGatewayConfig of(OpenEnosProperties.Mqtt mqtt) {
        OpenEnosProperties.MqttLimits limits = mqtt.limits();
        long payload = limits.maxPayload().toBytes();
        if (payload < 1 || payload > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("openenos.mqtt.limits.max-payload must be between 1B and 64MB");
        }
        long connectTimeout = limits.connectTimeout().toSeconds();
        if (connectTimeout < 1 || connectTimeout > 3600) {
            throw new IllegalArgumentException("openenos.mqtt.limits.connect-timeout must be between 1s and 1h");
        }
        return MqttGatewayConfig.defaults()
                .withConnectTimeoutSeconds((int) connectTimeout)
                .withHost(mqtt.host())
                .withPlainPort(mqtt.port())
                .withConnectsPerIpPerSecond(limits.connectsPerIpPerSecond())
                .withMaxConnectionsPerIp(limits.maxConnectionsPerIp())
                .withMessagesPerDevicePerSecond(limits.messagesPerDevicePerSecond())
                .withMaxPayloadBytes((int) payload)
                .withTopicAliasMaximum(limits.topicAliasMaximum());
    }
}
