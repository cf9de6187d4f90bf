package org.openenos.connectivity.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline stage "compression": a device whose clientId announces {@code compress=GZIP|LZ4|LZO} (EnOS SDK profiles)
 * sends every PUBLISH payload compressed and expects every payload it receives compressed the same way. This stage
 * sits right after the MQTT codec, so every later stage sees and writes plain JSON. A payload that does not
 * decompress is passed on as it came: the decode stage then answers it 1220 like any payload that is not JSON.
 */
final class PayloadCompressionHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(PayloadCompressionHandler.class);
    private PayloadCompression compression = PayloadCompression.NONE;

    /** Whether this connection's payloads are compressed (known once its CONNECT has passed). */
    boolean compresses() {
        return compression != PayloadCompression.NONE;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttConnectMessage connect) {
            compression = PayloadCompression.ofClientId(connect.payload().clientIdentifier());
        } else if (compression != PayloadCompression.NONE && msg instanceof MqttPublishMessage publish) {
            try {
                byte[] plain = compression.decompress(ByteBufUtil.getBytes(publish.payload()));
                MqttPublishMessage decompressed = publish.replace(Unpooled.wrappedBuffer(plain));
                publish.release();
                ctx.fireChannelRead(decompressed);
                return;
            } catch (IOException | RuntimeException e) {
                log.debug("a {} payload on {} did not decompress: {}", compression,
                        publish.variableHeader().topicName(), e.toString());
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws IOException {
        if (compression != PayloadCompression.NONE && msg instanceof MqttPublishMessage publish) {
            byte[] packed;
            try {
                packed = compression.compress(ByteBufUtil.getBytes(publish.payload()));
            } finally {
                publish.release();
            }
            ctx.write(publish.replace(Unpooled.wrappedBuffer(packed)), promise);
            return;
        }
        ctx.write(msg, promise);
    }
}
