package org.openenos.subscription.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * One port for both SDK transports: a connection that starts with {@code GET} is a WebSocket handshake (Python SDK,
 * or the JSON stream, see {@link WebSocketDoor}); anything else is a varint-prefixed TransferPkg over raw TCP (.NET SDK, and presumably Java). A raw frame cannot
 * start with "GET": its second byte would be 0x45, where a TransferPkg's first byte is the cmdId tag 0x08.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
    private static final byte[] GET = "GET".getBytes(StandardCharsets.US_ASCII);
    private final int maxFrame;
    private final Supplier<SessionHandler> sessions;
    private final Supplier<JsonStreamHandler> jsonStreams;

    ProtocolSniffer(int maxFrame, Supplier<SessionHandler> sessions, Supplier<JsonStreamHandler> jsonStreams) {
        this.maxFrame = maxFrame;
        this.sessions = sessions;
        this.jsonStreams = jsonStreams;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < GET.length) {
            return;
        }
        boolean webSocket = true;
        for (int i = 0; i < GET.length; i++) {
            webSocket &= in.getByte(in.readerIndex() + i) == GET[i];
        }
        ChannelPipeline p = ctx.pipeline();
        if (webSocket) {
            p.addAfter(ctx.name(), "http", new HttpServerCodec());
            p.addAfter("http", "http-aggregator", new HttpObjectAggregator(64 << 10));
            p.addAfter("http-aggregator", "websocket", new WebSocketServerProtocolHandler(
                    WebSocketServerProtocolConfig.newBuilder().websocketPath("/").checkStartsWith(true)
                            .maxFramePayloadLength(maxFrame).handleCloseFrames(true).build()));
            p.addAfter("websocket", "ws-door", new WebSocketDoor(sessions, jsonStreams));
        } else {
            p.addAfter(ctx.name(), "varint-decoder", new VarintFraming.Decoder(maxFrame));
            p.addAfter("varint-decoder", "varint-encoder", new VarintFraming.Encoder());
            p.addAfter("varint-encoder", "session", sessions.get());
        }
        p.remove(this);
    }
}
