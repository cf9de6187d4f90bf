package org.openenos.subscription.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.function.Supplier;

/**
 * Chooses what runs on a WebSocket once its handshake is done: {@code /json…} is the JSON stream for browsers and
 * scripts, any other path (the Python SDK connects to {@code ws://host:port} with no path) the SDK protocol.
 */
final class WebSocketDoor extends ChannelInboundHandlerAdapter {
    private final Supplier<SessionHandler> sessions;
    private final Supplier<JsonStreamHandler> jsonStreams;

    WebSocketDoor(Supplier<SessionHandler> sessions, Supplier<JsonStreamHandler> jsonStreams) {
        this.sessions = sessions;
        this.jsonStreams = jsonStreams;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            if (handshake.requestUri().startsWith("/json")) {
                ctx.pipeline().addAfter(ctx.name(), "json-stream", jsonStreams.get());
            } else {
                ctx.pipeline().addAfter(ctx.name(), "ws-framing", new WebSocketFraming());
                ctx.pipeline().addAfter("ws-framing", "session", sessions.get());
            }
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, evt);
    }
}
