package org.openenos.connectivity.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.openenos.connectivity.DeviceLink;

/**
 * A device's MQTT connection as the use cases see it. Messages to the device go out at QoS 0 on any topic, with no
 * SUBSCRIBE needed: the EnOS SDKs never subscribe to command topics (reference §2).
 */
final class MqttDeviceLink implements DeviceLink {
    private final Channel channel;
    private final boolean secure;

    MqttDeviceLink(Channel channel, boolean secure) {
        this.channel = channel;
        this.secure = secure;
    }

    @Override
    public void send(String topic, byte[] payload) {
        channel.writeAndFlush(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE)
                .retained(false).payload(Unpooled.wrappedBuffer(payload)).build());
    }

    @Override
    public void close() {
        channel.close();
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
