package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.protocol.TopicKind;
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.DeviceClientOptions;
import org.openenos.sdk.Login;
import org.openenos.server.ServerTestBase;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.testkit.Await;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What an operator ran into with the device page and the alerts console, in headless Chromium against the real
 * server: setting a measure point, creating a rule in a brand-new organization, and acknowledging an alert that
 * recovered before anyone looked. Each test uses its own organization.
 */
@ExtendWith(BrowserExtension.class)
class PortalOperatorFixesBrowserTest extends ServerTestBase {
    private static final String EVENTS = "/event-service/v2.1/";
    private static Browser browser;

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    MqttGateway gateway;

    private PortalFixture signedInFixture(String modelId, Map<String, Object> model) {
        Tenant t = newTenant();
        PortalFixture fixture = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t), model);
        // each test signs in to its own organization
        browser.signInAfresh(fixture.adminUser(), PortalFixture.PASSWORD);
        return fixture;
    }

    /** The simple model plus a writable set point (DOUBLE), a writable mode (ENUM) and a read-only energy counter. */
    private static Map<String, Object> withSetPoints(String modelId) {
        Map<String, Object> model = new HashMap<>(simpleModel(modelId));
        Map<String, Object> points = new HashMap<>(castMap(model.get("measurepoints")));
        points.put("energy", Map.of("identifier", "energy", "name", Map.of("defaultValue", "Energy"),
                "dataType", "DOUBLE", "signalType", "PI", "hasQuality", false,
                "unit", Map.of("unitId", "kWh", "multiplier", "ONE")));
        points.put("limit", Map.of("identifier", "limit", "name", Map.of("defaultValue", "Power limit"),
                "dataType", "DOUBLE", "signalType", "AI", "hasQuality", false, "tags", Map.of("writable", "true"),
                "unit", Map.of("unitId", "kW", "multiplier", "ONE")));
        points.put("mode", Map.of("identifier", "mode", "name", Map.of("defaultValue", "Mode"),
                "dataType", "ENUM", "signalType", "DI", "hasQuality", false, "tags", Map.of("writable", "true"),
                "dataDefinition", Map.of("enumType", "INT", "enumDesc", Map.of(
                        "0", Map.of("defaultValue", "Stopped"), "1", Map.of("defaultValue", "Running")))));
        model.put("measurepoints", points);
        return model;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void setMeasurePointOffersOnlyWritablePointsWithFittingInputsAndTheDeviceReceivesTheValues() throws Exception {
        PortalFixture fixture = signedInFixture("fix_setpoint", withSetPoints("fix_setpoint"));
        String secret = fixture.admin().post("/connect-service/v2.1/devices", Map.of("orgId", fixture.orgId(),
                "action", "get", "assetId", fixture.deviceAssetId()), null).data().path("deviceSecret").asString();
        LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        DeviceClientOptions options = DeviceClientOptions.of("tcp://127.0.0.1:" + gateway.port())
                .withReplyTimeout(Duration.ofSeconds(10));
        try (DeviceClient device = DeviceClient.create(options, new Login.Secret(fixture.productKey(), "inv-1",
                secret))) {
            device.onCommand(TopicKind.MEASUREPOINT_SET, command -> {
                received.add(command.params());
                return Map.of();
            });
            device.connect().get(15, TimeUnit.SECONDS);
            browser.open("#/devices/" + fixture.deviceAssetId());
            WebElement limit = browser.visible("#set-limit");
            assertThat(limit.getAttribute("type")).isEqualTo("number");
            assertThat(browser.driver.findElements(By.id("set-energy"))).as("read-only counter").isEmpty();
            assertThat(browser.driver.findElements(By.id("set-power"))).as("measured value").isEmpty();
            Select mode = new Select(browser.driver.findElement(By.id("set-mode")));
            assertThat(mode.getOptions()).extracting(WebElement::getText).contains("Running (1)");

            limit.sendKeys("42.5");
            mode.selectByValue("1");
            limit.findElement(By.xpath("ancestor::form//button[@type='submit']")).click();
            browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("control-result"),
                    "Set "));
            assertThat(browser.driver.findElement(By.id("control-result")).getAttribute("class")).contains("notice");
            browser.screenshot("set-measure-points");

            Map<String, Object> values = new HashMap<>();
            Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100)).until("both points set",
                    () -> {
                        for (Object p; (p = received.poll()) != null; ) {
                            values.putAll(castMap(p));
                        }
                        return values;
                    }, v -> v.size() == 2);
            assertThat(values).as("received %s", values).containsKeys("limit", "mode");
            assertThat(Double.parseDouble(String.valueOf(values.get("limit")))).isEqualTo(42.5);
            assertThat(Double.parseDouble(String.valueOf(values.get("mode")))).isEqualTo(1.0);
        }
    }

    @Test
    void aNewOrganizationCanCreateARuleWithADefaultSeverityAndAddsItsOwnInThePortal() throws Exception {
        PortalFixture fixture = signedInFixture("fix_sev", simpleModel("fix_sev"));
        browser.open("#/alerts/rules");
        browser.await().until(d -> new Select(d.findElement(By.id("rule-severityId"))).getOptions().size() > 1);
        assertThat(new Select(browser.driver.findElement(By.id("rule-severityId"))).getOptions())
                .extracting(o -> o.getAttribute("value")).contains("critical", "warning", "info");
        browser.visible("#rule-ruleId").sendKeys("hot");
        browser.driver.findElement(By.id("rule-ruleDesc")).sendKeys("Too hot");
        browser.driver.findElement(By.id("rule-modelId")).sendKeys(fixture.modelId());
        browser.driver.findElement(By.id("rule-measurepointId")).sendKeys("temp");
        browser.driver.findElement(By.id("rule-condition")).sendKeys("${temp} > 50");
        new Select(browser.driver.findElement(By.id("rule-severityId"))).selectByValue("critical");
        browser.driver.findElement(By.id("rule-create")).click();
        browser.visible("#rule-list tr[data-rule-id=hot]");

        browser.visible("#alerts-tab-severities").click();
        browser.visible("#severity-list tr[data-severity-id=critical]");
        browser.visible("#severity-id").sendKeys("urgent");
        browser.driver.findElement(By.id("severity-desc")).sendKeys("Urgent");
        browser.driver.findElement(By.id("severity-add")).click();
        browser.visible("#severity-list tr[data-severity-id=urgent]");
        browser.driver.findElement(By.id("severity-id")).sendKeys("urgent");
        browser.driver.findElement(By.id("severity-add")).click();
        String error = browser.visible("#severity-error").getText();
        assertThat(error).startsWith("Adding the severity failed: it conflicts with an existing record");
        browser.screenshot("alert-severities");

        browser.visible("#alerts-tab-rules").click();
        browser.await().until(d -> new Select(d.findElement(By.id("rule-severityId"))).getOptions().stream()
                .anyMatch(o -> "urgent".equals(o.getAttribute("value"))));
    }

    @Test
    void aRecoveredAlertStaysInTheActiveViewUntilAcknowledgedAndErrorsReadAsSentences() throws Exception {
        PortalFixture fixture = signedInFixture("fix_ack", simpleModel("fix_ack"));
        Map<String, String> org = Map.of("orgId", fixture.orgId());
        PortalFixture.check(fixture.admin().post(EVENTS + "alert-rules", PortalFixture.with(org, "action", "create"),
                Map.of("rule", Map.of("ruleId", "hot", "ruleDesc", Map.of("defaultValue", "Too hot"),
                        "modelId", fixture.modelId(), "measurepointId", "temp", "condition", "${temp} > 50",
                        "severityId", "warning", "isEnabled", true, "scope", List.of(Map.of("treeId", "all"))))));
        long now = System.currentTimeMillis();
        fixture.ingest(ingest, "temp", now - 2000, 80.0);
        String eventId = awaitOne(fixture, "active-alerts", Map.of());
        fixture.ingest(ingest, "temp", now - 1000, 20.0);
        awaitOne(fixture, "history-alerts", Map.of());

        browser.open("#/alerts/active");
        WebElement row = browser.visible("table.alert-table tr[data-event-id='" + eventId + "'][data-recovered]");
        assertThat(row.getText()).contains("recovered").contains("Warning");
        assertThat(row.findElements(By.cssSelector("button[data-close]"))).isEmpty();
        row.findElement(By.cssSelector("button[data-ack]")).click();
        browser.visible("form[data-ack-form] input[name=comment]").sendKeys("Seen after the fact");
        browser.driver.findElement(By.cssSelector("form[data-ack-form] button[type=submit]")).click();
        browser.await().until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("tr[data-event-id='" + eventId + "']")));
        assertThat(browser.driver.findElements(By.id("alert-action-error"))).isEmpty();
        var history = fixture.admin().post(EVENTS + "history-alerts", PortalFixture.with(org, "action", "search"),
                Map.of());
        assertThat(history.data().get(0).path("acknowledged").asBoolean()).isTrue();
        assertThat(history.data().get(0).path("ackComment").asString()).isEqualTo("Seen after the fact");

        // an alert removed while the operator types the comment: a sentence, not the server's internals
        fixture.ingest(ingest, "temp", System.currentTimeMillis(), 90.0);
        String second = awaitOne(fixture, "active-alerts", Map.of());
        browser.visible("tr[data-event-id='" + second + "'] button[data-ack]").click();
        browser.visible("form[data-ack-form] input[name=comment]");
        PortalFixture.check(fixture.admin().post(EVENTS + "active-alerts", Map.of("orgId", fixture.orgId(),
                "action", "delete", "eventId", second), Map.of()));
        browser.driver.findElement(By.cssSelector("form[data-ack-form] button[type=submit]")).click();
        String error = browser.visible("#alert-action-error").getText();
        assertThat(error).startsWith("Acknowledging the alert failed: it no longer exists")
                .doesNotContain(second).doesNotContain("active alert");
        browser.screenshot("alert-ack-recovered");
    }

    private String awaitOne(PortalFixture fixture, String kind, Map<String, Object> body) throws InterruptedException {
        var answer = Await.atMost(Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(100)).until(kind,
                () -> fixture.admin().post(EVENTS + kind, Map.of("orgId", fixture.orgId(), "action", "search"),
                        body), r -> r.ok() && r.data().size() == 1);
        return answer.data().get(0).path("eventId").asString();
    }
}
