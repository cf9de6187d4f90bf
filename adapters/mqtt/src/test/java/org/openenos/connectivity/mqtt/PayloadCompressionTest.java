package org.openenos.connectivity.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4BlockOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The payload formats of the EnOS SDK's compression (enos-protocol.md §1.2: the clientId's braces carry
 * {@code compress=DEFAULT|GZIP|LZ4|LZO}; §2 "Compression: when clientId has compress=GZIP|LZ4|LZO, the SDK
 * compresses payloads it sends and decompresses payloads it receives"), round-tripped as the SDK frames them.
 */
class PayloadCompressionTest {
    private static final byte[] JSON = "{\"id\":\"1\",\"method\":\"thing.measurepoint.post\",\"params\":{}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void theCompressionIsReadFromTheBracesOfTheClientIdAsTheEnosJavaSdkWritesThem() {
        assertThat(PayloadCompression.ofClientId(
                "dk456{ip=127.0.0.1,version=enos-mqtt-2.2.16,compress=GZIP}|securemode=2,signmethod=sha256,timestamp=1|"))
                .isEqualTo(PayloadCompression.GZIP);
        assertThat(PayloadCompression.ofClientId("dk{compress=LZ4}|securemode=2|")).isEqualTo(PayloadCompression.LZ4);
        assertThat(PayloadCompression.ofClientId("dk{compress=lzo}|securemode=2|")).isEqualTo(PayloadCompression.LZO);
        assertThat(PayloadCompression.ofClientId("dk{ip=1.2.3.4,compress=DEFAULT}|securemode=2|"))
                .isEqualTo(PayloadCompression.NONE);
        assertThat(PayloadCompression.ofClientId("dk|securemode=2,signmethod=sha256,timestamp=1|"))
                .isEqualTo(PayloadCompression.NONE);
        assertThat(PayloadCompression.ofClientId(null)).isEqualTo(PayloadCompression.NONE);
    }

    @ParameterizedTest
    @EnumSource(PayloadCompression.class)
    void everyCompressionRoundTrips(PayloadCompression compression) throws IOException {
        assertThat(compression.decompress(compression.compress(JSON))).isEqualTo(JSON);
    }

    @Test
    void streamsWrittenTheWayTheSdkWritesThemAreRead() throws IOException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gzip, true)) {
            out.write(JSON);
        }
        assertThat(PayloadCompression.GZIP.decompress(gzip.toByteArray())).isEqualTo(JSON);
        ByteArrayOutputStream lz4 = new ByteArrayOutputStream();
        try (var out = new LZ4BlockOutputStream(lz4)) {
            out.write(JSON);
        }
        assertThat(PayloadCompression.LZ4.decompress(lz4.toByteArray())).isEqualTo(JSON);
    }

    @Test
    void aPayloadThatInflatesBeyondTheLimitIsRefused() throws IOException {
        byte[] zeros = new byte[PayloadCompression.MAX_DECOMPRESSED_BYTES + 1024];
        byte[] bomb = PayloadCompression.GZIP.compress(zeros);
        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThatThrownBy(() -> PayloadCompression.GZIP.decompress(bomb)).isInstanceOf(IOException.class)
                .hasMessageContaining("exceeds");
    }
}
