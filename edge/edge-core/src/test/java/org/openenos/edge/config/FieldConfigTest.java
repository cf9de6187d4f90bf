package org.openenos.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The field part the cloud keeps is read and refused with the same records and messages as the edge's file. */
class FieldConfigTest {
    private final EdgeConfigLoader loader = new EdgeConfigLoader();

    private static String fieldOf(String file) {
        return file.substring(file.indexOf("connections:"));
    }

    @Test
    void theFieldPartOfAValidFileIsReadAsTheFileReadsIt() {
        EdgeConfig whole = loader.parse(new ByteArrayInputStream(
                EdgeConfigLoaderTest.VALID.getBytes(StandardCharsets.UTF_8)), "edge.yaml");
        FieldConfig field = loader.parseField(fieldOf(EdgeConfigLoaderTest.VALID), "config");

        assertThat(field).isEqualTo(whole.field());
        assertThat(whole.withField(FieldConfig.empty()).devices()).isEmpty();
        assertThat(whole.withField(field)).isEqualTo(whole);
    }

    @Test
    void aBadFieldPartIsRefusedWithTheMessageTheFileGets() {
        String bad = EdgeConfigLoaderTest.VALID.replace("connection: plc", "connection: nowhere");
        String fileMessage = messageOf(() -> loader.parse(new ByteArrayInputStream(
                bad.getBytes(StandardCharsets.UTF_8)), "edge.yaml"));
        String fieldMessage = messageOf(() -> loader.parseField(fieldOf(bad), "config"));

        assertThat(fieldMessage).contains("device 'meter1' uses unknown connection 'nowhere'");
        assertThat(fieldMessage.substring(fieldMessage.indexOf(": ")))
                .isEqualTo(fileMessage.substring(fileMessage.indexOf(": ")));
    }

    @Test
    void aFieldPartWithKeysOfTheWholeFileIsRefused() {
        assertThatThrownBy(() -> loader.parseField("gateway: {productKey: a}\nconnections: []\n", "config"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway");
    }

    private static String messageOf(Runnable parse) {
        try {
            parse.run();
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }
}
