package org.openenos.telemetry.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.model.MeasurePointValue;

/**
 * Binary form of a list of measure point values in the telemetry log. A compact tagged encoding of our own keeps the
 * core free of serialization libraries and reads back exactly the Java types {@link MeasurePointValue} allows.
 */
public final class ValueCodec {
    private static final byte NULL = 0, LONG = 1, DOUBLE = 2, BOOL = 3, STRING = 4, MAP = 5, LIST = 6;

    private ValueCodec() {
    }

    public static byte[] encode(List<MeasurePointValue> values) {
        var bytes = new ByteArrayOutputStream(64 * values.size());
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(values.size());
            for (MeasurePointValue v : values) {
                writeString(out, v.orgId());
                writeString(out, v.modelId());
                writeString(out, v.assetId());
                writeString(out, v.pointId());
                out.writeLong(v.time());
                writeValue(out, v.value());
                out.writeBoolean(v.quality() != null);
                out.writeInt(v.quality() == null ? 0 : v.quality());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static List<MeasurePointValue> decode(DataInputStream in) throws IOException {
        int count = in.readInt();
        var values = new ArrayList<MeasurePointValue>(count);
        for (int i = 0; i < count; i++) {
            String org = readString(in), model = readString(in), asset = readString(in), point = readString(in);
            long time = in.readLong();
            Object value = readValue(in);
            boolean hasQuality = in.readBoolean();
            int quality = in.readInt();
            values.add(new MeasurePointValue(org, model, asset, point, time, value, hasQuality ? quality : null));
        }
        return values;
    }

    private static void writeValue(DataOutputStream out, Object value) throws IOException {
        switch (value) {
            case null -> out.writeByte(NULL);
            case Long l -> { out.writeByte(LONG); out.writeLong(l); }
            case Integer i -> { out.writeByte(LONG); out.writeLong(i); }
            case Double d -> { out.writeByte(DOUBLE); out.writeDouble(d); }
            case Float f -> { out.writeByte(DOUBLE); out.writeDouble(f); }
            case Boolean b -> { out.writeByte(BOOL); out.writeBoolean(b); }
            case Map<?, ?> map -> {
                out.writeByte(MAP);
                out.writeInt(map.size());
                for (var e : map.entrySet()) {
                    writeString(out, String.valueOf(e.getKey()));
                    writeValue(out, e.getValue());
                }
            }
            case List<?> list -> {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object item : list) {
                    writeValue(out, item);
                }
            }
            default -> { out.writeByte(STRING); writeString(out, value.toString()); }
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case BOOL -> in.readBoolean();
            case STRING -> readString(in);
            case MAP -> {
                int n = in.readInt();
                var map = new LinkedHashMap<String, Object>();
                for (int i = 0; i < n; i++) {
                    map.put(readString(in), readValue(in));
                }
                yield map;
            }
            case LIST -> {
                int n = in.readInt();
                var list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readValue(in));
                }
                yield list;
            }
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("truncated string");
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
