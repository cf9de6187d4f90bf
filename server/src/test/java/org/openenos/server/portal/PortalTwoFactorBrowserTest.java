package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.security.Base32;
import org.openenos.server.ServerTestBase;
import org.openqa.selenium.By;

/**
 * The sign-in form with a second factor, in a real browser: enrolling when required, then a code field; and the
 * preferences page, where a user turns it on of their own accord and off again.
 */
@ExtendWith(BrowserExtension.class)
class PortalTwoFactorBrowserTest extends ServerTestBase {
    private static final TimeBasedOneTimePasswordGenerator TOTP =
            new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30));

    /** Each test signs in a user of its own: none starts signed in as the other's user. */
    @BeforeEach
    void signedOut(Browser browser) {
        browser.reset();
    }

    @Test
    void aUserOfAnOrganizationRequiringTotpEnrolsInTheSignInFormAndSignsInWithACode(Browser browser) throws Exception {
        Tenant t = newTenant();
        String user = "tfb-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Browser-Totp-Pass-1";
        assertThat(t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", user, "password", password, "role", "VIEWER")).ok()).isTrue();
        assertThat(t.orgAdmin().post("/iam-service/v2.1/organizations",
                Map.of("action", "requireTotp", "orgId", t.orgId()), Map.of("required", true)).ok()).isTrue();

        browser.open("#/tree");
        browser.visible("oe-login-form input[name=username]").sendKeys(user);
        browser.driver.findElement(By.cssSelector("oe-login-form input[type=password]")).sendKeys(password);
        browser.driver.findElement(By.cssSelector("oe-login-form button[type=submit]")).click();

        browser.visible("oe-totp-enrolment button").click();
        String secret = browser.visible("#totp-secret").getText().trim();
        long step = Instant.now().getEpochSecond() / 30;
        browser.visible("#totp-confirm-code").sendKeys(code(secret, step));
        browser.driver.findElement(By.cssSelector("#totp-confirm button[type=submit]")).click();
        assertThat(browser.visible(".recovery-codes").findElements(By.tagName("li"))).hasSize(10);
        browser.driver.findElement(By.cssSelector("oe-totp-enrolment button")).click();

        assertThat(browser.visible("oe-login-form input[name=username]").getDomProperty("value")).isEqualTo(user);
        browser.driver.findElement(By.cssSelector("oe-login-form input[type=password]")).sendKeys(password);
        long next = Math.max(Instant.now().getEpochSecond() / 30, step + 1);
        browser.visible("#login-code").sendKeys(code(secret, next));
        browser.driver.findElement(By.cssSelector("oe-login-form button[type=submit]")).click();
        browser.visible("#whoami");
    }

    @Test
    void aUserWhoseOrganizationDoesNotRequireTotpTurnsItOnAndOffOnThePreferencesPage(Browser browser) throws Exception {
        Tenant t = newTenant();
        String user = "tfp-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Browser-Totp-Pass-2";
        assertThat(t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", user, "password", password, "role", "VIEWER")).ok()).isTrue();

        browser.signIn(user, password);
        browser.open("#/preferences");
        assertThat(browser.visible("#totp-state").getText()).startsWith("Off.");
        browser.visible("#totp-password").sendKeys(password);
        browser.visible("#totp-begin").click();
        browser.visible("#totp-start").click();
        String secret = browser.visible("#totp-secret").getText().trim();
        long step = Instant.now().getEpochSecond() / 30;
        browser.visible("#totp-confirm-code").sendKeys(code(secret, step));
        browser.driver.findElement(By.cssSelector("#totp-confirm button[type=submit]")).click();
        assertThat(browser.visible(".recovery-codes").findElements(By.tagName("li"))).hasSize(10);
        browser.visible("#totp-done").click();
        assertThat(browser.visible("#totp-state").getText()).startsWith("On").contains("10 recovery codes left");

        var withoutCode = org.openenos.server.ApiClient.anonymous(base()).post("/iam-service/v2.1/users",
                Map.of("action", "login"), Map.of("username", user, "password", password));
        assertThat(withoutCode.code()).as(withoutCode.toString()).isEqualTo(99411);

        long next = Math.max(Instant.now().getEpochSecond() / 30, step + 1);
        browser.visible("#totp-off-code").sendKeys(code(secret, next));
        browser.driver.findElement(By.cssSelector("#totp-off button[type=submit]")).click();
        browser.await().until(d -> d.findElement(By.id("totp-state")).getText().startsWith("Off."));
    }

    private static String code(String base32Secret, long step) throws Exception {
        return TOTP.generateOneTimePasswordString(new SecretKeySpec(Base32.decode(base32Secret),
                TOTP.getAlgorithm()), Instant.ofEpochSecond(step * 30));
    }
}
