package org.openenos.telemetry.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.model.MeasurePointValue;

/**
 * Binary form of a list of measure point values in the telemetry log. A compact tagged encoding of our own keeps the
 * core free of serialization libraries and reads back exactly the Java types {@link MeasurePointValue} allows.
 *
 * <p>Format 2 starts with {@link #FORMAT_2} (a negative count, which format 1 never wrote) and puts the ids (org,
 * model, asset, point) into a dictionary at the head of the record: a publish carries a handful of distinct ids for
 * hundreds of values, so each id is decoded into one shared {@code String} instead of one per value. Profiling the
 * storage stage showed string decoding and the garbage it made as the largest cost after the store itself; shared
 * instances also let the store's symbol-key cache hit on a cached hash. Format 1 records (a count, then each value
 * with its ids inline) are still read, so a log written before the change replays.
 *
 * <p>A record of values that may already be stored (a device's {@code measurepoint/resume}) starts with
 * {@link #MAY_REPEAT}, followed by the record as usual; the storage stage then skips values it already holds.
 */
public final class ValueCodec {
    static final int FORMAT_2 = -2;
    static final int MAY_REPEAT = -3;
    /** Fewest bytes a value takes in either format: ids, time, value tag, quality flag and quality. */
    private static final int MIN_VALUE_BYTES = 14;
    private static final byte NULL = 0, LONG = 1, DOUBLE = 2, BOOL = 3, STRING = 4, MAP = 5, LIST = 6;

    private ValueCodec() {
    }

    public static byte[] encode(List<MeasurePointValue> values) {
        var ids = new HashMap<String, Integer>();
        var dictionary = new ArrayList<String>();
        int[] refs = new int[values.size() * 4];
        for (int i = 0; i < values.size(); i++) {
            MeasurePointValue v = values.get(i);
            refs[4 * i] = ref(v.orgId(), ids, dictionary);
            refs[4 * i + 1] = ref(v.modelId(), ids, dictionary);
            refs[4 * i + 2] = ref(v.assetId(), ids, dictionary);
            refs[4 * i + 3] = ref(v.pointId(), ids, dictionary);
        }
        // Exact for doubles without a dictionary of multi-byte characters, so the buffer neither grows nor is copied.
        int size = 12 + 38 * values.size();
        for (String id : dictionary) {
            size += 4 + id.length();
        }
        var out = new ByteWriter(size);
        out.putInt(FORMAT_2).putInt(values.size()).putInt(dictionary.size());
        dictionary.forEach(out::putString);
        for (int i = 0; i < values.size(); i++) {
            MeasurePointValue v = values.get(i);
            out.putInt(refs[4 * i]).putInt(refs[4 * i + 1]).putInt(refs[4 * i + 2]).putInt(refs[4 * i + 3]);
            out.putLong(v.time());
            writeValue(out, v.value());
            out.putByte(v.quality() == null ? 0 : 1);
            out.putInt(v.quality() == null ? 0 : v.quality());
        }
        return out.toByteArray();
    }

    /** {@link #encode(List)}, marked as values that may already be stored when {@code mayRepeat}. */
    public static byte[] encode(List<MeasurePointValue> values, boolean mayRepeat) {
        byte[] record = encode(values);
        if (!mayRepeat) {
            return record;
        }
        return ByteBuffer.allocate(4 + record.length).putInt(MAY_REPEAT).put(record).array();
    }

    /** Whether the record holds values that may already be stored. */
    public static boolean mayRepeat(byte[] bytes) {
        return bytes.length >= 4 && ByteBuffer.wrap(bytes).getInt() == MAY_REPEAT;
    }

    /** Decodes a record; throws {@link IllegalArgumentException} when it is not a valid one. */
    public static List<MeasurePointValue> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int first = in.getInt();
            if (first == MAY_REPEAT) {
                first = in.getInt();
            }
            return first == FORMAT_2 ? decode2(in) : decode1(in, first);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated telemetry record", e);
        }
    }

    private static List<MeasurePointValue> decode2(ByteBuffer in) {
        int count = count(in, in.getInt(), MIN_VALUE_BYTES);
        String[] dictionary = new String[count(in, in.getInt(), 4)];
        for (int i = 0; i < dictionary.length; i++) {
            dictionary[i] = readString(in);
        }
        var values = new ArrayList<MeasurePointValue>(count);
        for (int i = 0; i < count; i++) {
            String org = id(dictionary, in.getInt()), model = id(dictionary, in.getInt());
            String asset = id(dictionary, in.getInt()), point = id(dictionary, in.getInt());
            values.add(rest(in, org, model, asset, point));
        }
        return values;
    }

    private static List<MeasurePointValue> decode1(ByteBuffer in, int declared) {
        int count = count(in, declared, MIN_VALUE_BYTES);
        var values = new ArrayList<MeasurePointValue>(count);
        for (int i = 0; i < count; i++) {
            String org = readString(in), model = readString(in), asset = readString(in), point = readString(in);
            values.add(rest(in, org, model, asset, point));
        }
        return values;
    }

    private static MeasurePointValue rest(ByteBuffer in, String org, String model, String asset, String point) {
        long time = in.getLong();
        Object value = readValue(in);
        boolean hasQuality = in.get() != 0;
        int quality = in.getInt();
        return new MeasurePointValue(org, model, asset, point, time, value, hasQuality ? quality : null);
    }

    private static int ref(String id, Map<String, Integer> ids, List<String> dictionary) {
        if (id == null) {
            return -1;
        }
        Integer ref = ids.get(id);
        if (ref == null) {
            ref = dictionary.size();
            ids.put(id, ref);
            dictionary.add(id);
        }
        return ref;
    }

    private static String id(String[] dictionary, int ref) {
        return ref < 0 ? null : dictionary[ref];
    }

    private static void writeValue(ByteWriter out, Object value) {
        switch (value) {
            case null -> out.putByte(NULL);
            case Long l -> out.putByte(LONG).putLong(l);
            case Integer i -> out.putByte(LONG).putLong(i);
            case Double d -> out.putByte(DOUBLE).putDouble(d);
            case Float f -> out.putByte(DOUBLE).putDouble(f);
            case Boolean b -> out.putByte(BOOL).putByte(b ? 1 : 0);
            case Map<?, ?> map -> {
                out.putByte(MAP).putInt(map.size());
                for (var e : map.entrySet()) {
                    out.putString(String.valueOf(e.getKey()));
                    writeValue(out, e.getValue());
                }
            }
            case List<?> list -> {
                out.putByte(LIST).putInt(list.size());
                for (Object item : list) {
                    writeValue(out, item);
                }
            }
            default -> out.putByte(STRING).putString(value.toString());
        }
    }

    /**
     * A count read from a record, checked against the bytes left: a foreign or damaged record must be refused as
     * undecodable, not make the reader allocate for billions of elements (an OutOfMemoryError stops a consumer).
     */
    private static int count(ByteBuffer in, int count, int minBytesEach) {
        if (count < 0 || (long) count * minBytesEach > in.remaining()) {
            throw new IllegalArgumentException("telemetry record declares " + count + " elements in "
                    + in.remaining() + " bytes");
        }
        return count;
    }

    private static Object readValue(ByteBuffer in) {
        byte tag = in.get();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.getLong();
            case DOUBLE -> in.getDouble();
            case BOOL -> in.get() != 0;
            case STRING -> readString(in);
            case MAP -> {
                int n = in.getInt();
                var map = new LinkedHashMap<String, Object>();
                for (int i = 0; i < n; i++) {
                    map.put(readString(in), readValue(in));
                }
                yield map;
            }
            case LIST -> {
                int n = count(in, in.getInt(), 1);
                var list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readValue(in));
                }
                yield list;
            }
            default -> throw new IllegalArgumentException("unknown value tag " + tag);
        };
    }

    private static String readString(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /** A growable big-endian byte buffer; {@code DataOutputStream} was a measurable cost per value. */
    private static final class ByteWriter {
        private ByteBuffer buf;

        ByteWriter(int capacity) {
            buf = ByteBuffer.allocate(capacity);
        }

        ByteWriter putByte(int b) {
            ensure(1).put((byte) b);
            return this;
        }

        ByteWriter putInt(int i) {
            ensure(4).putInt(i);
            return this;
        }

        ByteWriter putLong(long l) {
            ensure(8).putLong(l);
            return this;
        }

        ByteWriter putDouble(double d) {
            ensure(8).putDouble(d);
            return this;
        }

        void putString(String s) {
            if (s == null) {
                putInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            ensure(4 + b.length).putInt(b.length).put(b);
        }

        byte[] toByteArray() {
            if (buf.position() == buf.capacity()) {
                return buf.array();
            }
            byte[] out = new byte[buf.position()];
            System.arraycopy(buf.array(), 0, out, 0, out.length);
            return out;
        }

        private ByteBuffer ensure(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
                bigger.put(buf.array(), 0, buf.position());
                buf = bigger;
            }
            return buf;
        }
    }
}
