package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.server.ServerTestBase;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The subscriptions page in headless Chromium: create one, see its secret once, find it in the list. */
@ExtendWith(BrowserExtension.class)
class PortalSubscriptionsBrowserTest extends ServerTestBase {
    private static Browser browser;

    @Test
    void anOperatorCreatesASubscriptionSeesItsSecretOnceAndFindsItListed() throws Exception {
        Tenant t = newTenant();
        String user = "subs-" + t.orgId();
        admin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", user, "password", "Subs-Admin-Pass-1", "role", "ORG_ADMIN"));
        browser.signIn(user, "Subs-Admin-Pass-1");
        browser.open("#/subscriptions");
        browser.visible("#s-name").sendKeys("Plant feed");
        browser.driver.findElement(By.cssSelector("oe-subscriptions-page form button[type=submit]")).click();

        String secret = browser.visible("#sub-secret").getText();
        assertThat(secret).isNotBlank();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("oe-subscriptions-page table"), "Plant feed"));
        String listed = browser.driver.findElement(By.cssSelector("oe-subscriptions-page table")).getText();
        assertThat(listed).contains("Real-time data").doesNotContain(secret);
        browser.screenshot("subscriptions");
        var stored = t.app().post("/subscription-service/v2.1/subscriptions",
                Map.of("action", "search", "orgId", t.orgId()), Map.of());
        assertThat(stored.data().get(0).path("name").asString()).isEqualTo("Plant feed");
    }
}
