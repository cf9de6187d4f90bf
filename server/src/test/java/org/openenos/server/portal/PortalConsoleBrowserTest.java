package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.DeviceClientOptions;
import org.openenos.sdk.Login;
import org.openenos.server.ServerTestBase;
import org.openenos.telemetry.TelemetryIngest;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.openenos.testkit.Await;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The analysis and operations pages of the portal in headless Chromium against the real server: the data explorer
 * (several assets and points on one chart, CSV export), the device's events, commands and certificates, and the
 * alerts console, remote control answered by a device on the device SDK, and certificates. Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(BrowserExtension.class)
class PortalConsoleBrowserTest extends ServerTestBase {
    private static Browser browser;
    private static PortalFixture fixture;

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    MqttGateway gateway;

    @BeforeEach
    void seed() throws Exception {
        if (fixture == null) {
            Tenant t = newTenant();
            fixture = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t),
                    withRestartService(simpleModel("console_inv")));
            long now = System.currentTimeMillis();
            for (int i = 20; i > 0; i--) {
                fixture.ingest(ingest, "power", now - i * 60_000L, 20 + 10 * Math.sin(i / 3.0));
                fixture.ingest(ingest, "temp", now - i * 60_000L - 30_000L, 40 + i / 2.0);
            }
            awaitStored("temp", now - 21 * 60_000L, now, 20);
            browser.signIn(fixture.adminUser(), PortalFixture.PASSWORD);
        }
    }

    /** The model with a synchronous service {@code restart(delay INT) → accepted BOOL} for remote control. */
    private static Map<String, Object> withRestartService(Map<String, Object> model) {
        Map<String, Object> name = Map.of("defaultValue", "Restart");
        Map<String, Object> copy = new java.util.HashMap<>(model);
        copy.put("services", Map.of("restart", Map.of("identifier", "restart", "name", name, "callType", "SYNC",
                "inputData", List.of(Map.of("identifier", "delay", "name", Map.of("defaultValue", "Delay"),
                        "dataType", "INT")),
                "outputData", List.of(Map.of("identifier", "accepted", "name", name, "dataType", "BOOL")))));
        return copy;
    }

    private void awaitStored(String point, long from, long to, int count) throws InterruptedException {
        Await.atMost(Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(100)).until("values stored",
                () -> fixture.admin().post("/tsdb-service/v2.1/raw", Map.of("orgId", fixture.orgId()),
                        Map.of("assetIds", fixture.deviceAssetId(), "pointIds", point,
                                "startTime", java.time.Instant.ofEpochMilli(from).toString(),
                                "endTime", java.time.Instant.ofEpochMilli(to + 1000).toString(),
                                "pageSize", 1000, "itemFormat", 2)),
                r -> r.ok() && r.data().path("items").path(0).path("value").size() >= count);
    }

    private void check(String seriesKey) {
        WebElement box = browser.visible("input[name=series][value='" + seriesKey + "']");
        if (!box.isSelected()) {
            box.click();
        }
    }

    @Test
    @Order(1)
    void theExplorerComparesPointsOfSeveralAssetsOnOneChartAndExportsWhatItShows() throws Exception {
        browser.open("#/explorer");
        browser.visible("#explorer-zone");
        browser.visible("oe-explorer-page button.twisty").click();
        WebElement site = browser.visible("oe-explorer-page button.label[data-asset-id='"
                + fixture.siteAssetId() + "']");
        site.click();
        site.findElement(By.xpath("preceding-sibling::button")).click();
        browser.visible("oe-explorer-page button.label[data-asset-id='" + fixture.deviceAssetId() + "']").click();
        check(fixture.deviceAssetId() + "/power");
        check(fixture.deviceAssetId() + "/temp");
        check(fixture.siteAssetId() + "/power");
        browser.visible("#explorer-run").click();

        browser.visible("oe-series-chart .chart-box[data-series='3'] canvas");
        // uPlot's legend: the time column plus one entry per series
        assertThat(browser.driver.findElements(By.cssSelector("oe-series-chart .u-legend .u-series"))).hasSize(4);
        assertThat(browser.driver.findElement(By.cssSelector("oe-series-chart .u-legend")).getDomProperty("textContent"))
                .contains("Inverter 1 · Power").contains("Inverter 1 · Temperature").contains("Site North · Power");
        WebElement csv = browser.visible("#explorer-csv");
        assertThat(csv.getAttribute("href")).startsWith("blob:");
        assertThat(csv.getAttribute("download")).endsWith(".csv");
        String text = (String) ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById('explorer-csv').href).then(r => r.text()).then(done);");
        String[] lines = text.split("\\r?\\n");
        assertThat(lines[0]).startsWith("time_utc,time_local (").contains("Inverter 1 · Power (kW)");
        // power and temp are 30 s apart, so the aligned table has a row for each sample of either
        assertThat(lines).hasSize(41);
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.querySelector('oe-series-chart').scrollIntoView({block: 'end'})");
        browser.screenshot("explorer");

        new org.openqa.selenium.support.ui.Select(browser.visible("#explorer-mode")).selectByValue("agg");
        new org.openqa.selenium.support.ui.Select(browser.visible("#explorer-logic")).selectByVisibleText("max");
        browser.visible("#explorer-run").click();
        browser.await().until(d -> d.findElement(By.cssSelector("oe-series-chart .u-legend"))
                .getDomProperty("textContent").contains("max/15min"));
        browser.visible("oe-series-chart .chart-box[data-series='3'] canvas");
    }

    @Test
    @Order(2)
    void theDevicePageShowsEventsCommandsAndCertificatesFromTheServer() throws Exception {
        browser.open("#/devices/" + fixture.deviceAssetId());
        browser.await().until(ExpectedConditions.textToBe(By.id("device-title"), "Inverter 1"));
        for (String section : List.of("device-events", "device-commands", "device-certificates")) {
            browser.await().until(d -> {
                String text = d.findElement(By.id(section)).getDomProperty("textContent");
                return !text.contains("Loading") && (text.contains("No ") || text.contains("no certificate")
                        || !d.findElements(By.cssSelector("#" + section + " table")).isEmpty());
            });
            assertThat(browser.driver.findElement(By.id(section)).getDomProperty("textContent"))
                    .doesNotContain("not available on this server");
            assertThat(browser.driver.findElements(By.cssSelector("#" + section + " .error"))).isEmpty();
        }
        assertThat(browser.driver.findElements(By.cssSelector("#device-certificates .error"))).isEmpty();
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('device-certificates').scrollIntoView({block: 'end'})");
        browser.screenshot("device-records");
    }

    @Test
    @Order(3)
    void anAlertAppearsInTheConsoleAndIsAcknowledgedWithACommentThenClosed() throws Exception {
        String events = "/event-service/v2.1/";
        Map<String, String> org = Map.of("orgId", fixture.orgId());
        PortalFixture.check(fixture.admin().post(events + "alert-severities", PortalFixture.with(org, "action",
                "create"), Map.of("severity", Map.of("severityId", "major",
                "severityDesc", Map.of("defaultValue", "Major")))));
        PortalFixture.check(fixture.admin().post(events + "alert-rules", PortalFixture.with(org, "action", "create"),
                Map.of("rule", Map.of("ruleId", "hot", "ruleDesc", Map.of("defaultValue", "Too hot"),
                        "modelId", fixture.modelId(), "measurepointId", "temp", "condition", "${temp} > 50",
                        "severityId", "major", "isEnabled", true, "scope", List.of(Map.of("treeId", "all"))))));
        browser.open("#/alerts/active");
        browser.visible("[data-alert-count]");
        fixture.ingest(ingest, "temp", System.currentTimeMillis(), 80.0);

        // no reload: the console polls, so the alert shows up by itself
        WebElement ack = browser.visible("table.alert-table button[data-ack]");
        assertThat(browser.driver.findElement(By.cssSelector("table.alert-table")).getText())
                .contains("Major").contains("Temperature").contains("80");
        ack.click();
        browser.visible("form[data-ack-form] input[name=comment]").sendKeys("Crew on site");
        browser.driver.findElement(By.cssSelector("form[data-ack-form] button[type=submit]")).click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("table.alert-table"), "Crew on site"));
        browser.screenshot("alerts-active");
        var stored = fixture.admin().post(events + "active-alerts", PortalFixture.with(org, "action", "search"),
                Map.of());
        assertThat(stored.data().get(0).path("ackComment").asString()).isEqualTo("Crew on site");

        browser.visible("table.alert-table button[data-close]").click();
        browser.await().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("table.alert-table")));
        browser.open("#/alerts/history");
        browser.visible("table.alert-table[data-kind=history] tr[data-event-id]");
    }

    @Test
    @Order(4)
    void theRuleEditorShowsTheServersMessageUnderTheFieldItConcerns() throws Exception {
        browser.open("#/alerts/rules");
        browser.visible("#rule-list tr[data-rule-id=hot]");
        browser.visible("#rule-ruleId").sendKeys("cold");
        browser.driver.findElement(By.id("rule-ruleDesc")).sendKeys("Too cold");
        browser.driver.findElement(By.id("rule-modelId")).sendKeys(fixture.modelId());
        browser.driver.findElement(By.id("rule-measurepointId")).sendKeys("temp");
        browser.driver.findElement(By.id("rule-condition")).sendKeys("${tmp} < 0");
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("rule-severityId")))
                .selectByValue("major");
        browser.driver.findElement(By.id("rule-create")).click();
        WebElement error = browser.visible("[data-field-error=condition]");
        assertThat(error.getText()).contains("tmp");
        assertThat(browser.driver.findElement(By.id("rule-condition")).getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot("alert-rule-error");

        WebElement condition = browser.driver.findElement(By.id("rule-condition"));
        condition.clear();
        condition.sendKeys("${temp} < 0");
        browser.driver.findElement(By.id("rule-create")).click();
        browser.visible("#rule-saved");
        browser.visible("#rule-list tr[data-rule-id=cold]");
    }

    @Test
    @Order(5)
    void aServiceInvokedFromTheRemoteControlFormIsAnsweredByTheSimulatedDevice() throws Exception {
        String secret = fixture.admin().post("/connect-service/v2.1/devices", Map.of("orgId", fixture.orgId(),
                "action", "get", "assetId", fixture.deviceAssetId()), null).data().path("deviceSecret").asString();
        DeviceClientOptions options = DeviceClientOptions.of("tcp://127.0.0.1:" + gateway.port())
                .withReplyTimeout(java.time.Duration.ofSeconds(10));
        try (DeviceClient device = DeviceClient.create(options, new Login.Secret(fixture.productKey(), "inv-1",
                secret))) {
            device.onService("restart", command -> Map.of("accepted",
                    ((Number) ((Map<?, ?>) command.params()).get("delay")).intValue() < 60));
            device.connect().get(15, java.util.concurrent.TimeUnit.SECONDS);
            browser.open("#/devices/" + fixture.deviceAssetId());
            WebElement delay = browser.visible("#svc-restart-delay");
            delay.sendKeys("5");
            delay.findElement(By.xpath("ancestor::form//button[@type='submit']")).click();
            browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("control-result"),
                    "\"accepted\":true"));
            assertThat(browser.driver.findElement(By.id("control-result")).getAttribute("class")).contains("notice");
            // the command history shows the command without a reload
            browser.visible("#device-commands table tbody tr");
            ((JavascriptExecutor) browser.driver).executeScript(
                    "document.getElementById('control-result').scrollIntoView({block: 'center'})");
            browser.screenshot("remote-control");
        }
    }

    @Test
    @Order(6)
    void aCertificateAppliedForWithACsrIsListedWithTheApisFieldsAndThenRevoked() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=inv-1"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(request);
        }
        browser.open("#/devices/" + fixture.deviceAssetId());
        WebElement csr = browser.visible("#cert-csr");
        ((JavascriptExecutor) browser.driver).executeScript("arguments[0].value = arguments[1]", csr, pem.toString());
        browser.driver.findElement(By.cssSelector("#cert-apply button[type=submit]")).click();
        String serial = browser.visible("#cert-issued-sn").getText();

        // the panel reads exactly what the list action returns
        var listed = fixture.admin().post("/connect-service/v2.0/certificates", Map.of("orgId", fixture.orgId(),
                "action", "list", "assetId", fixture.deviceAssetId()), Map.of());
        var cert = listed.data().get(0);
        for (String field : List.of("certSn", "issueAuthority", "validFrom", "validTo", "status")) {
            assertThat(cert.has(field)).as("list item has %s: %s", field, cert).isTrue();
        }
        assertThat(cert.path("certSn").asString()).isEqualTo(serial);
        WebElement row = browser.visible("#cert-list tr[data-cert-sn='" + serial + "']");
        assertThat(row.findElement(By.cssSelector("[data-field=issueAuthority]")).getText()).isEqualTo("RSA");
        assertThat(row.findElement(By.cssSelector("[data-field=validFrom]")).getText()).isNotBlank().isNotEqualTo("—");
        assertThat(row.findElement(By.cssSelector("[data-field=validTo]")).getText()).isNotBlank().isNotEqualTo("—");
        assertThat(row.findElement(By.cssSelector("[data-field=status]")).getText()).isEqualTo("valid");
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.getElementById('device-certificates').scrollIntoView({block: 'center'})");
        browser.screenshot("certificates");

        row.findElement(By.cssSelector("button.danger")).click();
        browser.await().until(ExpectedConditions.alertIsPresent()).accept();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#cert-list tr[data-cert-sn='" + serial + "'] [data-field=status]"), "revoked"));
        var after = fixture.admin().post("/connect-service/v2.0/certificates", Map.of("orgId", fixture.orgId(),
                "action", "list", "assetId", fixture.deviceAssetId()), Map.of());
        assertThat(after.data().get(0).path("status").asString()).isEqualTo("revoked");
    }
}
