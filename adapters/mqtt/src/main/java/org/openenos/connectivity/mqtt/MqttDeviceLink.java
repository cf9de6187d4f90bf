package org.openenos.connectivity.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openenos.connectivity.DeviceLink;
import org.openenos.connectivity.DisconnectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's MQTT connection as the use cases see it. Messages to the device go out at QoS 0 on any topic, with no
 * SUBSCRIBE needed: the EnOS SDKs never subscribe to command topics (reference §2). The codec writes them in the
 * connection's version, which the CONNECT set.
 */
final class MqttDeviceLink implements DeviceLink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttDeviceLink.class);
    /** Fixed header (5) + topic length (2) + property length (1): what a QoS 0 PUBLISH adds to topic and payload. */
    private static final int PUBLISH_OVERHEAD = 8;

    private final Channel channel;
    private final boolean secure;
    private final String certificateSerial;
    /** Messages sent before the CONNACK went out (the session opens first, on a worker); null once it has. */
    private List<MqttPublishMessage> early = new ArrayList<>();

    MqttDeviceLink(Channel channel, boolean secure, String certificateSerial) {
        this.channel = channel;
        this.secure = secure;
        this.certificateSerial = certificateSerial;
    }

    @Override
    public void send(String topic, byte[] payload) {
        Integer clientMax = channel.attr(ChannelAttributes.CLIENT_MAX_PACKET).get();
        if (clientMax != null && PUBLISH_OVERHEAD + topic.getBytes(StandardCharsets.UTF_8).length + payload.length
                > clientMax) {
            // MQTT 5 §3.1.2.11.4: the server must not send a packet over the client's maximum; it is discarded
            LOG.warn("Not sending {} bytes on {}: over the client's maximum packet size {}", payload.length, topic,
                    clientMax);
            return;
        }
        MqttPublishMessage publish = MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE)
                .retained(false).payload(Unpooled.wrappedBuffer(payload)).build();
        synchronized (this) {
            if (early != null) {
                // MQTT 3.1.1 §3.2, MQTT 5 §3.2: the CONNACK is the first packet the server sends
                early.add(publish);
                return;
            }
        }
        channel.writeAndFlush(publish);
    }

    /** Called on the event loop right after the CONNACK is written: what waited for it goes out, in order. */
    void acknowledged() {
        List<MqttPublishMessage> waiting;
        synchronized (this) {
            waiting = early;
            early = null;
        }
        if (waiting != null && !waiting.isEmpty()) {
            waiting.forEach(channel::write);
            channel.flush();
        }
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public void close(DisconnectReason reason) {
        MqttReasons.disconnect(channel, MqttReasons.of(reason), switch (reason) {
            case SESSION_TAKEN_OVER -> "the device logged in on another connection";
            case CERTIFICATE_REVOKED -> "the client certificate was revoked";
            case CREDENTIALS_REPLACED -> "the device key and secret were replaced";
        });
    }

    @Override
    public String certificateSerial() {
        return certificateSerial;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public String transport() {
        return channel.pipeline().get("websocket") != null ? "MQTT+WSS" : secure ? "MQTT+TLS" : "MQTT";
    }

    @Override
    public String remoteAddress() {
        return channel.remoteAddress() instanceof java.net.InetSocketAddress address
                ? address.getAddress().getHostAddress() + ":" + address.getPort() : null;
    }
}
