package org.openenos.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;

class ValueCodecTest {

    @Test
    void everyValueTypeRoundTripsAndIdsAreSharedWithinARecord() {
        var values = List.of(
                new MeasurePointValue("o1", "m1", "a1", "p1", 1, 1.5, 192),
                new MeasurePointValue("o1", "m1", "a1", "p2", 2, 7L, null),
                new MeasurePointValue("o1", null, "a1", "p1", 3, Map.of("k", List.of(true, "x")), null),
                new MeasurePointValue("o1", "m1", "a1", "p3", 4, null, 0),
                new MeasurePointValue("o1", "m1", "a1", "p4", 5, "text é", null));
        List<MeasurePointValue> back = ValueCodec.decode(ValueCodec.encode(values));
        assertThat(back).isEqualTo(values);
        assertThat(back.get(0).assetId()).isSameAs(back.get(1).assetId());
    }

    @Test
    void recordsWrittenInTheFirstFormatStillDecode() throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(1);
            for (String id : new String[]{"o1", "m1", "a1", "p1"}) {
                byte[] b = id.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
            out.writeLong(42);
            out.writeByte(2);
            out.writeDouble(3.25);
            out.writeBoolean(true);
            out.writeInt(192);
        }
        assertThat(ValueCodec.decode(bytes.toByteArray()))
                .containsExactly(new MeasurePointValue("o1", "m1", "a1", "p1", 42, 3.25, 192));
    }

    @Test
    void aTruncatedRecordIsRejectedWithAClearError() {
        byte[] whole = ValueCodec.encode(List.of(new MeasurePointValue("o1", "m1", "a1", "p1", 1, 1.0, null)));
        assertThatThrownBy(() -> ValueCodec.decode(Arrays.copyOf(whole, whole.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    @Test
    void aForeignRecordDeclaringMoreValuesThanItHoldsIsRejectedWithoutAllocatingForThem() {
        // the first four bytes of this text read as a count of 1.8 billion values in format 1
        byte[] foreign = "not a telemetry record".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ValueCodec.decode(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declares");
    }

    @Test
    void resumedValuesKeepTheirMarkThroughTheLogAndDecodeAsUsual() {
        var values = List.of(new MeasurePointValue("o1", "m1", "a1", "p1", 1, 1.0, null));
        byte[] resumed = ValueCodec.encode(values, true);
        byte[] posted = ValueCodec.encode(values, false);
        assertThat(ValueCodec.mayRepeat(resumed)).isTrue();
        assertThat(ValueCodec.mayRepeat(posted)).isFalse();
        assertThat(ValueCodec.decode(resumed)).isEqualTo(values);
        assertThat(ValueCodec.decode(posted)).isEqualTo(values);
    }
}
