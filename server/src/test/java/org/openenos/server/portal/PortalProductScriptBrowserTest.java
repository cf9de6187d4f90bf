package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.server.ServerTestBase;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The parsing script of a custom-format product on its product page, in headless Chromium (enos-protocol.md §1.1
 * "Custom means raw payloads converted by a JS parsing script", §2 "Raw topics"): saved, refused when it does not
 * compile (the stored one stays), tried on a binary frame and on a command before devices use it, and deleted.
 */
@ExtendWith(BrowserExtension.class)
class PortalProductScriptBrowserTest extends ServerTestBase {
    /** Frames: 0x01 float32 power, uint16 id (little-endian) up; 0x02 int16 delay (reboot) down. */
    static final String SCRIPT = """
            function rawDataToProtocol(bytes) {
              var view = new DataView(new Uint8Array(bytes).buffer);
              if (view.getUint8(0) !== 0x01) { throw new Error('unknown frame type ' + view.getUint8(0)); }
              return {id: String(view.getUint16(5, true)), version: '1.0', method: 'thing.measurepoint.post',
                      params: {measurepoints: {power: view.getFloat32(1, true)}}};
            }
            function protocolToRawData(message) {
              if (message.method === 'thing.service.reboot') {
                return [0x02, message.params.delay & 0xff, (message.params.delay >> 8) & 0xff];
              }
              return [0x81, message.code & 0xff, (message.code >> 8) & 0xff];
            }
            """;

    @Test
    void anEngineerWritesTriesAndSavesTheParsingScriptOfACustomProductAndABrokenOneIsNotSaved(Browser browser)
            throws Exception {
        Tenant t = newTenant();
        PortalFixture f = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t),
                simpleModel("script_portal"));
        String pk = PortalFixture.check(f.admin().post("/connect-service/v2.1/products",
                Map.of("orgId", t.orgId(), "action", "create"),
                Map.of("productName", Map.of("defaultValue", "Binary meter"), "productType", "Device",
                        "dataFormat", "Custom", "modelId", f.modelId()))).data().asString();
        browser.signIn(f.adminUser(), PortalFixture.PASSWORD);
        browser.open("#/products");
        browser.visible("a[href='#/products/" + pk + "']").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#product-data-format"), "Custom"));
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#script-state"),
                "no parsing script yet"));

        type(browser, "#script-source", SCRIPT);
        browser.visible("#script-save").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#script-saved"),
                "Saved"));
        assertThat(storedScript(f, pk)).isEqualTo(SCRIPT);

        type(browser, "#script-source", "function rawDataToProtocol(bytes) {");
        browser.visible("#script-save").click();
        String refused = browser.visible("#script-error").getText();
        assertThat(refused).startsWith("Saving the script failed: the server refused the input")
                .contains("SyntaxError");
        assertThat(storedScript(f, pk)).as("the stored script stays").isEqualTo(SCRIPT);
        browser.visible("#script-revert").click();

        browser.visible("#script-sample").sendKeys("01 00 00 48 41 4d 00");
        browser.visible("#script-run").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#script-result"),
                "thing.measurepoint.post"));
        assertThat(browser.visible("#script-result").getText()).contains("\"id\": \"77\"")
                .contains("\"power\": 12.5");
        ((JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView()",
                browser.visible("#script-result"));
        browser.screenshot("product-script-try-up");

        browser.visible("#script-try input[value=down]").click();
        browser.visible("#script-run").click(); // the sample command: thing.service.reboot, delay 3
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#script-result"),
                "02 03 00"));

        browser.visible("#script-try input[value=up]").click();
        browser.visible("#script-sample").sendKeys("09");
        browser.visible("#script-run").click();
        assertThat(browser.visible("#script-try-error").getText()).contains("Running the script failed")
                .contains("unknown frame type 9");

        browser.visible("#script-delete").click();
        browser.driver.switchTo().alert().accept();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#script-state"),
                "no parsing script yet"));
        assertThat(f.admin().post("/connect-service/v2.1/products", Map.of("orgId", t.orgId(),
                "action", "getScript", "productKey", pk), null).code()).isEqualTo(99404);

        browser.open("#/products/" + f.productKey());
        assertThat(browser.visible("#script-not-custom").getText()).contains("data format Json");
    }

    /** Replaces the text of a textarea at once (typing a script key by key is slow) and tells Lit about it. */
    private static void type(Browser browser, String css, String text) {
        WebElement area = browser.visible(css);
        ((JavascriptExecutor) browser.driver).executeScript("arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", area, text);
    }

    private static String storedScript(PortalFixture f, String pk) {
        return f.admin().post("/connect-service/v2.1/products", Map.of("orgId", f.orgId(), "action", "getScript",
                "productKey", pk), null).data().path("script").asString();
    }
}
