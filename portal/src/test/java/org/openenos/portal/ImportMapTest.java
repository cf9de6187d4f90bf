package org.openenos.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ImportMapTest {

    private static String indexHtml() throws IOException {
        try (InputStream in = ImportMapTest.class.getResourceAsStream("/static/index.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyWebJarPathOfThePageNamesAFileThatIsOnTheClasspath() throws IOException {
        String html = indexHtml();
        assertThat(html).doesNotContain("${").doesNotContain(".version@");
        List<String> paths = Pattern.compile("\"(/webjars/[^\"]+)\"").matcher(html).results()
                .map(m -> m.group(1)).toList();
        assertThat(paths).hasSizeGreaterThanOrEqualTo(8);
        for (String path : paths) {
            String resource = "META-INF/resources" + path;
            if (path.endsWith("/")) {
                resource += "package.json";
            }
            assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
        }
    }

    @Test
    void thePageRendersASignInFormBeforeAnyScriptRuns() throws IOException {
        assertThat(indexHtml()).contains("type=\"password\"").contains("<oe-app>");
    }
}
