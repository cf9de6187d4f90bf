package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.server.ServerTestBase;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The portal is served with a Content-Security-Policy, frame denial, {@code nosniff} and a referrer policy, and works
 * under them in a real browser: every page of the navigation renders without a policy violation in the console.
 */
@ExtendWith(BrowserExtension.class)
class PortalSecurityHeadersBrowserTest extends ServerTestBase {

    private HttpHeaders headersOf(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).headers();
    }

    @Test
    void thePortalAndTheApiAnswerWithTheSecurityHeaders() throws Exception {
        for (String path : new String[]{"/", "/js/app.js", "/iam-service/v2.1/users?action=me"}) {
            HttpHeaders h = headersOf(path);
            assertThat(h.firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'").contains("frame-ancestors 'none'").contains("object-src 'none'")
                    .doesNotContain("unsafe-eval").containsPattern("script-src 'self'( 'sha256-[^']+')+;"));
            assertThat(h.firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(h.firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(h.firstValue("Referrer-Policy")).as(path).contains("strict-origin-when-cross-origin");
        }
    }

    @Test
    void everyPageOfThePortalWorksUnderThePolicy(Browser browser) throws Exception {
        browser.signIn("admin", ADMIN_PASSWORD);
        for (String page : new String[]{"#/tree", "#/products", "#/devices", "#/dashboards", "#/explorer",
                "#/alerts", "#/admin"}) {
            browser.open(page);
            browser.visible("#whoami");
            assertThat(browser.policyViolations()).as(page).isEmpty();
        }
        // the policy is enforced, and its violations are seen: an injected inline script is refused
        Object ran = ((JavascriptExecutor) browser.driver).executeScript(
                "window.injected = false; const s = document.createElement('script');"
                        + "s.textContent = 'window.injected = true'; document.head.append(s);"
                        + "return window.injected;");
        assertThat(ran).isEqualTo(false);
        assertThat(browser.policyViolations()).isNotEmpty();
    }
}
