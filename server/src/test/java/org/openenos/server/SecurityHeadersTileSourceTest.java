package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A tile server configured for the portal's map is allowed to serve images, and nothing else is. */
class SecurityHeadersTileSourceTest {
    @Test
    void theTileHostJoinsImgSrcWithSubdomainsAsAWildcard() {
        assertThat(SecurityHeadersFilter.tileSource("https://{s}.tile.example.org/{z}/{x}/{y}.png"))
                .isEqualTo("https://*.tile.example.org");
        assertThat(new SecurityHeadersFilter(new PortalProperties("http://tiles.local:8081/{z}/{x}/{y}.png", "", 19))
                .portalPolicy()).contains("img-src 'self' data: http://tiles.local:8081;");
    }

    @Test
    void noTileServerOrAnUnusableTemplateAddsNoSource() {
        assertThat(SecurityHeadersFilter.tileSource("")).isEmpty();
        assertThat(SecurityHeadersFilter.tileSource("/tiles/{z}/{x}/{y}.png")).isEmpty();
        assertThat(SecurityHeadersFilter.tileSource("https://evil.example; script-src *")).isEmpty();
        assertThat(new SecurityHeadersFilter().portalPolicy()).contains("img-src 'self' data:;");
    }
}
