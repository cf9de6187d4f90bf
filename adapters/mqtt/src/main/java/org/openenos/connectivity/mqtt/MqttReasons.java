package org.openenos.connectivity.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import org.openenos.connectivity.DisconnectReason;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.ResponseCodes;

/**
 * What the gateway tells a client when it refuses or ends something, in the client's protocol version (ADR 0042).
 * MQTT 3.1.1 has six CONNACK codes and no server DISCONNECT; MQTT 5 has reason codes on CONNACK, PUBACK and
 * DISCONNECT (§2.4), so an MQTT 5 device learns why instead of seeing a bare close.
 */
final class MqttReasons {
    /** The kinds of CONNECT refusal, each mapped to a code of either version. */
    enum Refusal {
        BAD_CREDENTIALS(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD),
        NOT_AUTHORIZED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5),
        SERVER_UNAVAILABLE(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5),
        SERVER_BUSY(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY),
        CLIENT_ID_INVALID(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID),
        PACKET_TOO_LARGE(null, MqttConnectReturnCode.CONNECTION_REFUSED_PACKET_TOO_LARGE),
        BAD_AUTHENTICATION_METHOD(null, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD);

        private final MqttConnectReturnCode v3;
        private final MqttConnectReturnCode v5;

        Refusal(MqttConnectReturnCode v3, MqttConnectReturnCode v5) {
            this.v3 = v3;
            this.v5 = v5;
        }

        /** The CONNACK code, or null where MQTT 3.1.1 has none and the connection is just closed. */
        MqttConnectReturnCode code(boolean mqtt5) {
            return mqtt5 ? v5 : v3;
        }
    }

    private MqttReasons() {
    }

    static boolean isMqtt5(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(ChannelAttributes.MQTT5).get());
    }

    /**
     * Ends the connection: an MQTT 5 client first gets a DISCONNECT with the reason code and a reason string
     * (§3.14.2.1), an MQTT 3.1.1 client is closed, as that version has no DISCONNECT from the server.
     */
    static ChannelFuture disconnect(Channel channel, MqttReasonCodes.Disconnect reason, String text) {
        if (!isMqtt5(channel) || !channel.isActive()) {
            return channel.close();
        }
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), text));
        return channel.writeAndFlush(MqttMessageBuilders.disconnect().reasonCode(reason.byteValue())
                .properties(properties).build()).addListener(ChannelFutureListener.CLOSE);
    }

    static MqttReasonCodes.Disconnect of(DisconnectReason reason) {
        return switch (reason) {
            case SESSION_TAKEN_OVER -> MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER;
            case CERTIFICATE_REVOKED, CREDENTIALS_REPLACED -> MqttReasonCodes.Disconnect.ADMINISTRATIVE_ACTION;
        };
    }

    /**
     * The MQTT 5 PUBACK reason for the EnOS reply to a publish (§3.4.2.1). The EnOS reply on the {@code _reply}
     * topic stays the authoritative answer; the reason code lets an MQTT 5 client see a refusal without parsing it.
     * {@code reply} null means there was nothing to answer: success for a command reply, an unknown topic otherwise.
     */
    static MqttReasonCodes.PubAck pubAck(MqttInbound inbound, DeviceReply reply) {
        if (reply == null) {
            return inbound instanceof MqttInbound.Rejected ? MqttReasonCodes.PubAck.TOPIC_NAME_INVALID
                    : MqttReasonCodes.PubAck.SUCCESS;
        }
        return switch (reply.code()) {
            case ResponseCodes.SUCCESS -> MqttReasonCodes.PubAck.SUCCESS;
            case ResponseCodes.TOPIC_NOT_WRITABLE, ResponseCodes.NO_SUB_DEVICE_PERMISSION ->
                    MqttReasonCodes.PubAck.NOT_AUTHORIZED;
            case ResponseCodes.PAYLOAD_FORMAT_ERROR, ResponseCodes.EMPTY_PAYLOAD ->
                    MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID;
            default -> MqttReasonCodes.PubAck.IMPLEMENTATION_SPECIFIC_ERROR;
        };
    }

    /** The reason string of a refused publish: the EnOS code and message, as in the reply. */
    static MqttProperties reasonString(DeviceReply reply) {
        MqttProperties properties = new MqttProperties();
        if (reply != null && reply.code() != ResponseCodes.SUCCESS) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(),
                    reply.code() + " " + (reply.message() == null ? "" : reply.message())));
        }
        return properties;
    }
}
