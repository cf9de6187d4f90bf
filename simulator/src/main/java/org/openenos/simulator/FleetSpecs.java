package org.openenos.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads fleet descriptions; a mistake in the file is reported with its location. */
public final class FleetSpecs {
    /** The demo fleet shipped with the simulator: a wind farm, a solar plant behind a gateway, a battery. */
    public static final String DEMO = "demo-fleet.yaml";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private FleetSpecs() {
    }

    public static FleetSpec demo() {
        return resource(DEMO);
    }

    public static FleetSpec resource(String name) {
        try (InputStream in = FleetSpecs.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fleet description " + name + " on the class path");
            }
            return parse(name, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FleetSpec file(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(path.toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fleet description " + path, e);
        }
    }

    private static FleetSpec parse(String name, InputStream in) {
        ObjectMapper mapper = name.endsWith(".json") ? JSON : YAML;
        try {
            return mapper.readValue(in, FleetSpec.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("fleet description " + name + " is invalid: " + e.getOriginalMessage()
                    + " at " + e.getLocation(), e);
        }
    }
}
