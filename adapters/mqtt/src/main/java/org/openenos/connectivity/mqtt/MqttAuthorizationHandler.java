package org.openenos.connectivity.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.openenos.connectivity.DeviceSession;
import org.openenos.connectivity.UpstreamRouter;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.ResponseCodes;

/**
 * Pipeline stage "authorize": a device may publish only on its own topics and on those of sub-devices it has logged
 * in (reference §3.1); otherwise 1009, or 1212 for a gateway naming a sub-device it has not logged in.
 */
final class MqttAuthorizationHandler extends MessageToMessageDecoder<MqttInbound.Request> {

    MqttAuthorizationHandler() {
        super(MqttInbound.Request.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, MqttInbound.Request request, List<Object> out) {
        DeviceSession session = ctx.channel().attr(ChannelAttributes.SESSION).get();
        if (session != null && UpstreamRouter.authorize(session, request.route()).isPresent()) {
            out.add(request);
            return;
        }
        int code = session != null && session.gateway() ? ResponseCodes.NO_SUB_DEVICE_PERMISSION
                : ResponseCodes.TOPIC_NOT_WRITABLE;
        out.add(new MqttInbound.Rejected(request.route().replyTopic(), DeviceReply.error(request.request().id(), code,
                "not allowed to publish on " + request.route().topic()), request.packetId(), request.needsAck()));
    }
}
