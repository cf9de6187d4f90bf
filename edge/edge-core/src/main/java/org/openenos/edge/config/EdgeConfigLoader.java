package org.openenos.edge.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration. Unknown keys are errors (a misspelt key must not silently fall back to a default),
 * and every failure becomes a {@link ConfigException} with the file, the line Jackson was at and the reason.
 */
public final class EdgeConfigLoader {
    private final YAMLMapper mapper = YAMLMapper.builder(new AnchorResolvingYamlFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    public EdgeConfig load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    public EdgeConfig parse(InputStream in, String name) {
        String text;
        try {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(name, 0, "cannot read: " + e.getMessage(), e);
        }
        return parse(text, name, EdgeConfig.class);
    }

    /**
     * The field part alone ({@code connections}, {@code devices}; YAML or JSON), as the cloud keeps it: the same
     * records and messages as a whole file, so the cloud refuses what the edge would refuse.
     */
    public FieldConfig parseField(String text, String name) {
        return parse(text, name, FieldConfig.class);
    }

    private <T> T parse(String text, String name, Class<T> type) {
        try {
            T config = mapper.readValue(new java.io.StringReader(text), type);
            if (config == null) {
                throw new ConfigException(name, 0, "the file is empty", null);
            }
            return config;
        } catch (JacksonException e) {
            TokenStreamLocation location = e.getLocation();
            int line = location == null ? 0 : location.getLineNr();
            if (e instanceof UnrecognizedPropertyException unknown) {
                line = lineOfKey(text, unknown.getPropertyName(), line);
            }
            throw new ConfigException(name, line, reason(e), e);
        }
    }

    /**
     * Records are built after their whole mapping was read, so Jackson reports an unknown key at the end of its
     * mapping; the key's own line is the last one before that which holds it.
     */
    static int lineOfKey(String text, String key, int reportedLine) {
        Pattern pattern = Pattern.compile("(^|[\\s{,-])" + Pattern.quote(key) + "\\s*:");
        String[] lines = text.split("\n", -1);
        for (int i = Math.min(reportedLine, lines.length) - 1; i >= 0; i--) {
            if (pattern.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return reportedLine;
    }

    private static String reason(JacksonException e) {
        // A validation failure thrown by a record constructor carries the readable reason as its cause.
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof IllegalArgumentException) {
                return cause.getMessage();
            }
            cause = cause.getCause();
        }
        String message = e.getOriginalMessage();
        String path = e.getPathReference();
        return path == null ? message : message + " (at " + path + ")";
    }
}
