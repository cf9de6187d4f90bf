package org.openenos.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class JsonObjectReaderTest {
    private final JsonObjectReader reader = new JsonObjectReader();
    private final JsonMapper mapper = JsonMapper.builder().build();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void readsAsTheMapperDoes(String json) {
        Object expected = mapper.readValue(bytes(json), Object.class);
        Object actual = reader.read(bytes(json));
        assertThat(actual).as(json).isEqualTo(expected);
        assertThat(String.valueOf(actual)).as(json).isEqualTo(String.valueOf(expected));
        assertThat(types(actual)).as(json).isEqualTo(types(expected));
    }

    /** The classes of every value, in order, so that 1 (Integer) and 1.0 (Double) do not pass for each other. */
    private static String types(Object value) {
        if (value instanceof java.util.Map<?, ?> map) {
            StringBuilder out = new StringBuilder(map.getClass().getSimpleName()).append('{');
            map.forEach((key, member) -> out.append(key).append('=').append(types(member)).append(','));
            return out.append('}').toString();
        }
        if (value instanceof java.util.List<?> list) {
            StringBuilder out = new StringBuilder(list.getClass().getSimpleName()).append('[');
            list.forEach(member -> out.append(types(member)).append(','));
            return out.append(']').toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    @Test
    void aDevicePostReadsIntoTheSameMapsListsAndNumbersAsTheObjectMapperMakes() {
        readsAsTheMapperDoes("{\"id\":\"42\",\"version\":\"1.0\",\"method\":\"thing.measurepoint.post\","
                + "\"params\":{\"measurepoints\":{\"temp\":21.5,\"count\":7,\"big\":12345678901,"
                + "\"huge\":123456789012345678901234567890,\"neg\":-3,\"exp\":1e3,\"tiny\":-2.5E-7,"
                + "\"flag\":true,\"off\":false,\"none\":null,\"text\":\"h\\u00e9\\\"llo\\n\","
                + "\"arr\":[1,2.0,[],{},[{\"a\":[null]}]],\"q\":{\"value\":1,\"quality\":0}},\"time\":1733577600000}}");
        readsAsTheMapperDoes("{\"dup\":1,\"dup\":\"second\",\"\":{}}");
        readsAsTheMapperDoes("  {}  ");
        readsAsTheMapperDoes("[1,\"a\",null]");
        readsAsTheMapperDoes("\"just text\"");
        readsAsTheMapperDoes("{\"ü\":\"ß€𝄞\"}");
    }

    @Test
    void malformedTruncatedOrTrailingTextIsRefusedAsTheObjectMapperRefusesIt() {
        for (String bad : new String[] {"{nope", "{\"a\":1", "{\"a\":", "[1,2", "{\"a\":1}}", "{} x", "{}{}",
                "{\"a\":01}", "{'a':1}", "", "   "}) {
            assertThatThrownBy(() -> mapper.readValue(bytes(bad), Object.class)).as(bad)
                    .isInstanceOf(JacksonException.class);
            assertThatThrownBy(() -> reader.read(bytes(bad))).as(bad)
                    .isInstanceOfAny(JacksonException.class, MessageFormatException.class);
        }
    }

    @Test
    void nestingBeyondTheParsersLimitIsRefusedWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> reader.read(bytes(deep))).isInstanceOf(JacksonException.class);
    }
}
