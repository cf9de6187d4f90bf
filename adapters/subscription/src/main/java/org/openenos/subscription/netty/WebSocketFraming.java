package org.openenos.subscription.netty;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The WebSocket framing of the Python SDK: one TransferPkg per binary message, no length prefix. Pings are answered
 * by Netty's protocol handler before this one; other frame types are ignored.
 */
final class WebSocketFraming extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame frame) {
            try {
                ctx.fireChannelRead(ByteBufUtil.getBytes(frame.content()));
            } finally {
                frame.release();
            }
        } else if (msg instanceof WebSocketFrame frame) {
            frame.release();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof byte[] bytes) {
            ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)), promise);
        } else {
            ctx.write(msg, promise);
        }
    }
}
