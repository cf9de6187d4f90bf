package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.server.ServerTestBase;
import org.openenos.testkit.MqttTestDevice;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The firmware page in headless Chromium: a file uploaded with its progress, the devices a job would target
 * previewed, a job created and started for a device, and the device's progress bar and state following what the
 * device reports over MQTT, up to the finished job.
 */
@ExtendWith(BrowserExtension.class)
class PortalOtaBrowserTest extends ServerTestBase {
    @Autowired
    MqttGateway gateway;

    @Test
    void anOperatorUploadsFirmwareStartsAJobAndWatchesTheDeviceUpgrade(Browser browser) throws Exception {
        Tenant t = newTenant();
        PortalFixture f = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t),
                simpleModel("ota_portal"));
        String secret = t.orgAdmin().post("/connect-service/v2.1/devices", Map.of("action", "get",
                "orgId", t.orgId(), "assetId", f.deviceAssetId()), null).data().path("deviceSecret").asString();
        Path image = Files.createTempFile("firmware", ".bin");
        Files.write(image, new byte[200_000]);
        try (MqttTestDevice device = MqttTestDevice.connect(gateway.port(), f.productKey(), "inv-1", secret)) {
            device.request("ota/device/inform", "ota.device.inform", Map.of("version", "1.0"), "v1");
            browser.signIn(f.adminUser(), PortalFixture.PASSWORD);
            browser.open("#/firmware");
            // the product list arrives after the page renders: wait for the option before choosing it
            browser.await().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#fw-product option[value='" + f.productKey() + "']")));
            new Select(browser.visible("#fw-product")).selectByValue(f.productKey());
            browser.visible("#fw-version").sendKeys("3.0");
            browser.visible("#fw-file").sendKeys(image.toString());
            browser.visible("form[aria-label='Upload firmware'] button[type=submit]").click();
            browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("section[aria-label='Firmware']"), "3.0"));

            browser.visible("#job-devices").sendKeys("inv-1");
            browser.visible("#job-preview").click();
            browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-total"),
                    "1 device would be upgraded"));
            assertThat(browser.visible("tr[data-preview='inv-1']").getText()).contains(f.productKey())
                    .contains("Inverter 1").contains("1.0");
            assertThat(t.orgAdmin().post("/connect-service/v2.1/ota-jobs", Map.of("action", "search",
                    "orgId", t.orgId()), Map.of()).data()).as("a preview creates no job").isEmpty();
            browser.screenshot("ota-preview");
            browser.visible("#job-name").sendKeys("Portal rollout");
            browser.visible("form[aria-label='New OTA job'] button[type=submit]").click();
            browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".job-status"),
                    "created"));
            browser.driver.findElements(By.cssSelector("section[aria-label='OTA jobs'] button")).stream()
                    .filter(b -> b.getText().equals("Start")).findFirst().orElseThrow().click();

            device.next(device.topic("ota/device/upgrade"));
            device.request("ota/device/progress", "ota.device.progress", Map.of("step", "40", "desc", "flashing"),
                    "p1");
            browser.driver.findElements(By.cssSelector("section[aria-label='OTA jobs'] button.link")).getFirst()
                    .click();
            browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("tr[data-device='inv-1'] .task-status"), "upgrading"));
            assertThat(browser.visible("tr[data-device='inv-1']").getText()).contains("40%").contains("flashing");
            browser.screenshot("ota-upgrading");

            device.request("ota/device/inform", "ota.device.inform", Map.of("version", "3.0"), "v2");
            browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".job-status"),
                    "finished"));
            // the job's status and its task table are drawn one after the other: wait for the row as well
            browser.await().until(ExpectedConditions.textToBe(By.cssSelector("tr[data-device='inv-1'] .task-status"),
                    "succeeded"));

            browser.visible("tr[data-device='inv-1'] a").click();
            browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#device-firmware-version"), "3.0"));
            assertThat(browser.visible("#device-firmware").getText()).contains("succeeded").contains("1.0");
            browser.open("#/firmware"); // leaves the device page's live stream before the browser goes
        }
    }
}
