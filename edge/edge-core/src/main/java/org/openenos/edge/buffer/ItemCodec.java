package org.openenos.edge.buffer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.edge.cloud.UploadItem;

/**
 * Compact binary form of an {@link UploadItem} inside a log record: product key, device key, time, then per point
 * its id, a type tag (high bit set when a quality follows), the value and the quality. About 20 bytes per sample.
 */
final class ItemCodec {
    private static final int NULL = 0;
    private static final int DOUBLE = 1;
    private static final int LONG = 2;
    private static final int BOOL = 3;
    private static final int STRING = 4;
    private static final int WITH_QUALITY = 0x80;

    static final ForwardLog.Codec<UploadItem> CODEC = new ForwardLog.Codec<>() {
        @Override
        public byte[] encode(UploadItem entry) {
            return ItemCodec.encode(entry);
        }

        @Override
        public UploadItem decode(byte[] payload) {
            return ItemCodec.decode(payload);
        }
    };

    private ItemCodec() {
    }

    static byte[] encode(UploadItem item) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + item.measurepoints().size() * 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(item.productKey());
            out.writeUTF(item.deviceKey());
            out.writeLong(item.time());
            out.writeShort(item.measurepoints().size());
            for (Map.Entry<String, Object> e : item.measurepoints().entrySet()) {
                out.writeUTF(e.getKey());
                Object value = e.getValue();
                if (value instanceof Map<?, ?> withQuality) {
                    writeValue(out, withQuality.get("value"), WITH_QUALITY);
                    out.writeByte(((Number) withQuality.get("quality")).intValue());
                } else {
                    writeValue(out, value, 0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeValue(DataOutputStream out, Object value, int flags) throws IOException {
        switch (value) {
            case null -> out.writeByte(NULL | flags);
            case Double d -> {
                out.writeByte(DOUBLE | flags);
                out.writeDouble(d);
            }
            case Float f -> {
                out.writeByte(DOUBLE | flags);
                out.writeDouble(f);
            }
            case Number n -> {
                out.writeByte(LONG | flags);
                out.writeLong(n.longValue());
            }
            case Boolean b -> {
                out.writeByte(BOOL | flags);
                out.writeBoolean(b);
            }
            default -> {
                out.writeByte(STRING | flags);
                out.writeUTF(value.toString());
            }
        }
    }

    static UploadItem decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            String productKey = in.readUTF();
            String deviceKey = in.readUTF();
            long time = in.readLong();
            int count = in.readUnsignedShort();
            Map<String, Object> points = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                int tag = in.readUnsignedByte();
                Object value = switch (tag & ~WITH_QUALITY) {
                    case NULL -> null;
                    case DOUBLE -> in.readDouble();
                    case LONG -> in.readLong();
                    case BOOL -> in.readBoolean();
                    case STRING -> in.readUTF();
                    default -> throw new IOException("unknown value tag " + tag);
                };
                if ((tag & WITH_QUALITY) != 0) {
                    Map<String, Object> withQuality = new LinkedHashMap<>();
                    withQuality.put("value", value);
                    withQuality.put("quality", (int) in.readByte());
                    points.put(id, withQuality);
                } else {
                    points.put(id, value);
                }
            }
            return new UploadItem(productKey, deviceKey, time, points);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
