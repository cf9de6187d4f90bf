package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/configuration.md is rendered from the settings' declarations (the metadata that the configuration processor
 * writes from {@link OpenEnosProperties}), so it cannot drift. Run with {@code -Dopenenos.updateDocs=true} to
 * rewrite it after changing a setting.
 */
class ConfigurationReferenceTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    /** Spring Boot settings whose OpenEnOS defaults (application.properties) an operator needs to know. */
    static final String MANAGEMENT = """

            ## Management port

            Metrics and the other actuator endpoints are not served on the API port: they are on a management port
            bound to this machine only. `/actuator/health` stays open on the API port too, for load balancers and
            probes.

            | setting | environment variable | default | meaning |
            |---|---|---|---|
            | `management.server.port` | `MANAGEMENT_SERVER_PORT` | `9180` | port of `/actuator/prometheus`, `/actuator/metrics` and `/actuator/health` |
            | `management.server.address` | `MANAGEMENT_SERVER_ADDRESS` | `127.0.0.1` | interface it binds; `0.0.0.0` lets a Prometheus on another host scrape it (protect it with a firewall) |
            """;

    static String render() throws Exception {
        JsonNode meta;
        try (InputStream in = ConfigurationReferenceTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            meta = JsonMapper.builder().build().readTree(in);
        }
        List<JsonNode> props = new ArrayList<>();
        meta.path("properties").forEach(p -> {
            if (p.path("name").asString().startsWith("openenos.")) {
                props.add(p);
            }
        });
        props.sort(Comparator.comparing(p -> p.path("name").asString()));
        StringBuilder md = new StringBuilder("""
                # Configuration reference

                Generated from the declarations in `OpenEnosProperties` by `ConfigurationReferenceTest`; do not edit by
                hand. Every setting can be given as a command-line argument (`--openenos.data-dir=/var/lib/openenos`), a
                Java system property, or an environment variable in upper case with `_` for `.` and `-`
                (`OPENENOS_DATA_DIR`). Spring Boot's own settings also apply, for example `server.port` (HTTP, default
                8080).

                | setting | environment variable | default | meaning |
                |---|---|---|---|
                """);
        for (JsonNode p : props) {
            String name = p.path("name").asString();
            String env = name.toUpperCase().replace('.', '_').replace('-', '_');
            String def = p.has("defaultValue") ? p.path("defaultValue").asString("") : "";
            if (def.isEmpty() && p.has("defaultValue")) {
                def = p.path("defaultValue").toString();
            }
            String desc = p.path("description").asString("").replace('\n', ' ').replace("|", "\\|");
            md.append("| `").append(name).append("` | `").append(env).append("` | ")
                    .append(def.isEmpty() ? "" : "`" + def + "`").append(" | ").append(desc).append(" |\n");
        }
        return md.append(MANAGEMENT).toString();
    }

    @Test
    void theConfigurationReferenceMatchesTheDeclaredSettings() throws Exception {
        String rendered = render();
        if (Boolean.getBoolean("openenos.updateDocs") || !Files.exists(DOC)) {
            Files.writeString(DOC, rendered);
        }
        assertThat(Files.readString(DOC)).as("docs/configuration.md is stale: rerun this test with "
                + "-Dopenenos.updateDocs=true").isEqualTo(rendered);
        assertThat(rendered).contains("openenos.data-dir").contains("openenos.mqtt.port");
    }
}
