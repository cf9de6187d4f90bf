package org.openenos.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void requestDecodesIntoPlainJavaParams() {
        DeviceRequest request = codec.decodeRequest(bytes(
                "{\"id\":\"7\",\"version\":\"1.1\",\"method\":\"thing.measurepoint.post\",\"params\":{\"measurepoints\":{\"t\":1.5}}}"));
        assertThat(request.id()).isEqualTo("7");
        assertThat(request.method()).isEqualTo("thing.measurepoint.post");
        assertThat(request.params()).isEqualTo(Map.of("measurepoints", Map.of("t", 1.5)));
    }

    @Test
    void numericIdIsKeptAsItsText() {
        assertThat(codec.decodeRequest(bytes("{\"id\":12,\"method\":\"m\"}")).id()).isEqualTo("12");
    }

    @Test
    void invalidJsonIsAFormatErrorWithCode1220AndEmptyPayloadWith1251() {
        assertThatThrownBy(() -> codec.decodeRequest(bytes("{nope")))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.code()).isEqualTo(1220));
        assertThatThrownBy(() -> codec.decodeRequest(bytes("[1]")))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.code()).isEqualTo(1220));
        assertThatThrownBy(() -> codec.decodeRequest(new byte[0]))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.code()).isEqualTo(1251));
    }

    @Test
    void replyRoundTripsWithItsIdCodeAndData() {
        byte[] encoded = codec.encode(DeviceReply.ok("42", Map.of("x", 1)));
        assertThat(new String(encoded, StandardCharsets.UTF_8)).startsWith("{\"id\":\"42\",\"code\":200");
        DeviceReply decoded = codec.decodeReply(encoded);
        assertThat(decoded.id()).isEqualTo("42");
        assertThat(decoded.code()).isEqualTo(200);
        assertThat(decoded.data()).isEqualTo(Map.of("x", 1));
    }

    @Test
    void commonRepliesAreWrittenWithTheSameBytesAsTheJsonMapperWrites() {
        JsonMapper mapper = JsonMapper.builder().build();
        for (DeviceReply reply : new DeviceReply[] {DeviceReply.ok("42", Map.of()), DeviceReply.ok(null, Map.of()),
                DeviceReply.error("7", 1204, "measurepoint p9 is not in model m"), DeviceReply.error(null, 500, null),
                DeviceReply.error("x", 1220, "quote \" and \\ and é and \n"), DeviceReply.ok("id\"1", Map.of()),
                new DeviceReply("9", 200, null, "")}) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", reply.id());
            body.put("code", reply.code());
            body.put("data", reply.data());
            body.put("message", reply.message() == null ? "" : reply.message());
            assertThat(new String(codec.encode(reply), StandardCharsets.UTF_8)).as(reply.toString())
                    .isEqualTo(new String(mapper.writeValueAsBytes(body), StandardCharsets.UTF_8));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void topLevelMembersBesideParamsAreKeptAsOptionsAndWrittenBack() {
        DeviceRequest request = codec.decodeRequest(("{\"id\":\"1\",\"method\":\"thing.measurepoint.post.batch\","
                + "\"params\":[],\"allowOfflineSubDevice\":true,\"skipInvalidMeasurepoints\":\"true\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(request.option("allowOfflineSubDevice")).isEqualTo(true);
        assertThat(request.option("skipInvalidMeasurepoints")).isEqualTo("true");
        assertThat(request.option("params")).isNull();
        assertThat(new String(codec.encode(request), StandardCharsets.UTF_8))
                .contains("\"allowOfflineSubDevice\":true");
        assertThat(codec.decodeRequest("{\"id\":\"2\",\"params\":{}}".getBytes(StandardCharsets.UTF_8)).options())
                .isEmpty();
    }

    @Test
    void theIdOfAPayloadThatIsNotJsonIsReadLenientlyForTheErrorReply() {
        assertThat(MessageCodec.readableId("{\"id\":\"42\",\"version\":\"1.0\",\"params\":{".getBytes(
                StandardCharsets.UTF_8))).isEqualTo("42");
        assertThat(MessageCodec.readableId("{\"id\" : 7, broken".getBytes(StandardCharsets.UTF_8))).isEqualTo("7");
        assertThat(MessageCodec.readableId(new byte[] {31, -117, 8, 0})).isNull();
    }
}
