package org.openenos.subscription.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * The raw-TCP framing of the .NET SDK: each TransferPkg preceded by its length as a base-128 varint (protobuf-net
 * {@code SerializeWithLengthPrefix}, {@code PrefixStyle.Base128}, field 0: no tag byte).
 */
final class VarintFraming {
    private VarintFraming() {
    }

    static final class Decoder extends ByteToMessageDecoder {
        private final int maxFrame;

        Decoder(int maxFrame) {
            this.maxFrame = maxFrame;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.isReadable()) {
                in.markReaderIndex();
                long length = 0;
                int shift = 0;
                boolean complete = false;
                while (in.isReadable() && shift < 35) {
                    byte b = in.readByte();
                    length |= (long) (b & 0x7F) << shift;
                    shift += 7;
                    if ((b & 0x80) == 0) {
                        complete = true;
                        break;
                    }
                }
                if (!complete) {
                    if (shift >= 35) {
                        throw new CorruptedFrameException("malformed length prefix");
                    }
                    in.resetReaderIndex();
                    return;
                }
                if (length > maxFrame) {
                    throw new TooLongFrameException("frame of " + length + " bytes");
                }
                if (in.readableBytes() < length) {
                    in.resetReaderIndex();
                    return;
                }
                byte[] frame = new byte[(int) length];
                in.readBytes(frame);
                out.add(frame);
            }
        }
    }

    static final class Encoder extends MessageToByteEncoder<byte[]> {
        @Override
        protected void encode(ChannelHandlerContext ctx, byte[] frame, ByteBuf out) {
            int length = frame.length;
            while ((length & ~0x7F) != 0) {
                out.writeByte((length & 0x7F) | 0x80);
                length >>>= 7;
            }
            out.writeByte(length);
            out.writeBytes(frame);
        }
    }
}
