package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.server.OidcTestProvider;
import org.openenos.server.ServerTestBase;
import org.openqa.selenium.By;

/** The sign-in page in headless Chromium: "Sign in with <provider>", the provider's form, back signed in. */
@ExtendWith(BrowserExtension.class)
class PortalSingleSignOnBrowserTest extends ServerTestBase {
    private static Browser browser;
    private static OidcTestProvider provider;

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void aUserSignsInWithTheOrganizationsProviderFromTheSignInPage() throws Exception {
        provider = OidcTestProvider.start(base() + "/sso/oidc/callback", "portal");
        Tenant t = newTenant();
        var created = t.orgAdmin().post("/iam-service/v2.1/sso-providers", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("name", "Acme ID", "issuer", provider.issuer, "clientId", "portal",
                "clientSecret", OidcTestProvider.secretOf("portal"), "scopes", List.of("openid", "profile"),
                "mappings", List.of(Map.of("group", "staff", "roleId", "OPERATOR"))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        OidcTestProvider.GROUPS.put("bob", List.of("staff"));

        browser.driver.get(base() + "/?org=" + t.orgId());
        browser.visible("oe-login-form a.sso-provider").click(); // Sign in with Acme ID
        try {
            browser.await().until(d -> d.getCurrentUrl().startsWith(provider.issuer + "/login"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("still at " + browser.driver.getCurrentUrl() + ": "
                    + browser.driver.findElement(By.tagName("body")).getText(), e);
        }
        browser.visible("input[name=username]").sendKeys("bob");
        browser.driver.findElement(By.cssSelector("input[name=password]")).sendKeys(OidcTestProvider.PASSWORD);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(browser.visible("#whoami").getText()).contains("bob");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("ssoToken");
    }
}
