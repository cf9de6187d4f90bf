package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.connectivity.mqtt.MqttGatewayConfig;
import org.openenos.testkit.Fixtures;
import org.openenos.testkit.InMemoryTelemetryIngest;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The gateway limits as settings: bound like the server binds them, mapped onto the gateway, and enforced. */
class MqttLimitsSettingsTest {

    private static OpenEnosProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("openenos", OpenEnosProperties.class);
    }

    @Test
    void withoutSettingsTheGatewayGetsItsDocumentedDefaults() {
        OpenEnosProperties props = bind(Map.of());
        MqttGatewayConfig config = MqttGatewaySettings.of(props.mqtt());
        MqttGatewayConfig defaults = MqttGatewayConfig.defaults();
        assertThat(config).isEqualTo(defaults);
        assertThat(props.mqtt().limits().subDevicesPerGateway()).isEqualTo(200);
    }

    @Test
    void eachLimitSettingReachesTheGatewayConfiguration() {
        MqttGatewayConfig config = MqttGatewaySettings.of(bind(Map.of(
                "openenos.mqtt.limits.connects-per-ip-per-second", "5000",
                "openenos.mqtt.limits.max-connections-per-ip", "20000",
                "openenos.mqtt.limits.messages-per-device-per-second", "50",
                "openenos.mqtt.limits.max-payload", "64KB",
                "openenos.mqtt.limits.topic-alias-maximum", "0")).mqtt());
        assertThat(config.connectsPerIpPerSecond()).isEqualTo(5000);
        assertThat(config.maxConnectionsPerIp()).isEqualTo(20000);
        assertThat(config.messagesPerDevicePerSecond()).isEqualTo(50);
        assertThat(config.maxPayloadBytes()).isEqualTo(64 * 1024);
        assertThat(config.topicAliasMaximum()).isZero();
    }

    @Test
    void aConfiguredConnectionLimitPerAddressIsEnforcedByTheGateway() throws Exception {
        MqttGatewayConfig config = MqttGatewaySettings.of(bind(Map.of(
                "openenos.mqtt.host", "127.0.0.1", "openenos.mqtt.port", "0",
                "openenos.mqtt.limits.max-connections-per-ip", "2")).mqtt());
        List<Socket> sockets = new ArrayList<>();
        try (MqttGateway gateway = new MqttGateway(config, Fixtures.directory(), new InMemoryTelemetryIngest(),
                new SimpleMeterRegistry()).start()) {
            int open = 0;
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket("127.0.0.1", gateway.port());
                socket.setSoTimeout(500);
                sockets.add(socket);
            }
            for (Socket socket : sockets) {
                if (stillOpen(socket)) {
                    open++;
                }
            }
            assertThat(open).as("connections left open from one address").isEqualTo(2);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static boolean stillOpen(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
