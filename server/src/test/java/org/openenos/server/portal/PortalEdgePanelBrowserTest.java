package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.edge.app.EdgeApplication;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edge.modbus.ModbusSimulator;
import org.openenos.server.ServerTestBase;
import org.openenos.testkit.Await;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The "Edge" panel of a gateway's page in headless Chromium, against a real edge and a Modbus slave: the edge's
 * reported status, a configuration refused by the validation with the edge's message, then one saved and pushed,
 * the edge's answer shown and its new device listed in the status.
 */
@ExtendWith(BrowserExtension.class)
class PortalEdgePanelBrowserTest extends ServerTestBase {
    @Autowired
    MqttGateway mqtt;

    @Test
    void anOperatorEditsValidatesAndPushesTheEdgeConfigurationAndSeesTheEdgeApplyIt(Browser browser) throws Exception {
        Tenant t = newTenant();
        String adminUser = LiveStreamApiTest.adminUserOf(t);
        Map<String, String> org = Map.of("orgId", t.orgId());
        Map<String, Object> model = Map.of("modelId", "edge_panel", "name", Map.of("defaultValue", "Meter"),
                "measurepoints", Map.of("level", Map.of("identifier", "level", "name", Map.of("defaultValue", "Level"),
                        "dataType", "DOUBLE", "signalType", "AI", "hasQuality", true)),
                "attributes", Map.of(), "services", Map.of(), "events", Map.of());
        assertThat(t.orgAdmin().post("/model-service/v2.1/thing-models", PortalFixture.with(org, "action", "create"),
                model).ok()).isTrue();
        String gatewayPk = product(t, "Gateway");
        String meterPk = product(t, "Device");
        JsonNode gateway = device(t, gatewayPk);
        JsonNode meter = device(t, meterPk);
        Path dir = Files.createTempDirectory("edge-panel");
        try (ModbusSimulator slave = new ModbusSimulator(0).start()) {
            slave.setHolding(0, 42);
            String file = """
                    gateway: {productKey: %s, deviceSecret: %s, serialNumber: %s}
                    cloud: {host: 127.0.0.1, port: %d, reconnectMinMillis: 200, reconnectMaxMillis: 500}
                    buffer: {directory: "%s"}
                    status: {port: -1, reportIntervalMillis: 500}
                    """.formatted(gatewayPk, gateway.path("deviceSecret").asString(),
                    gateway.path("deviceKey").asString(), mqtt.port(),
                    dir.resolve("buffer").toString().replace("\\", "/"));
            String field = """
                    connections:
                      - {id: plc, type: MODBUS_TCP, host: 127.0.0.1, port: %d, timeoutMillis: 300}
                    devices:
                      - id: meter
                        connection: %s
                        productKey: %s
                        deviceKey: %s
                        deviceSecret: %s
                        pollIntervalMillis: 200
                        points: [{id: r, area: HOLDING_REGISTER, address: 0, type: UINT16}]
                        template: {measurepoints: [{measurepoint: level, input: r}]}
                    """;
            String good = field.formatted(slave.port(), "plc", meterPk, meter.path("deviceKey").asString(),
                    meter.path("deviceSecret").asString());
            String bad = field.formatted(slave.port(), "nowhere", meterPk, meter.path("deviceKey").asString(),
                    meter.path("deviceSecret").asString());
            try (EdgeApplication edge = EdgeApplication.start(new EdgeConfigLoader().parse(
                    new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), "edge.yaml"))) {
                Await.atMost(Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(100)).until("status reported",
                        () -> t.orgAdmin().post("/edge-service/v2.1/edge-configs", Map.of("orgId", t.orgId(),
                                "action", "status", "assetId", gateway.path("assetId").asString()), null)
                                .data().path("reportedAt").isNumber());
                browser.signIn(adminUser, PortalFixture.PASSWORD);
                browser.open("#/devices/" + gateway.path("assetId").asString());
                browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("edge-applied"),
                        "local file"));
                assertThat(browser.visible("#edge-health").getText()).isEqualTo("healthy");
                assertThat(browser.visible("#edge-dead-letter").getText()).startsWith("0 items");

                type(browser, bad);
                browser.visible("#edge-validate").click();
                browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("edge-check"),
                        "device 'meter' uses unknown connection 'nowhere'"));
                browser.screenshot("edge-invalid");

                type(browser, good);
                browser.visible("#edge-comment").sendKeys("first meter");
                browser.visible("#edge-push").click();
                browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("edge-outcome"),
                        "The edge applied version 1."));
                browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("edge-devices"),
                        meter.path("deviceKey").asString()));
                assertThat(browser.visible("#edge-history").getText()).contains("first meter");
                assertThat(edge.runtime().appliedConfigVersion()).contains(1L);
                browser.screenshot("edge-applied");
            }
        }
    }

    private static void type(Browser browser, String text) {
        WebElement editor = browser.visible("#edge-config");
        editor.clear();
        editor.sendKeys(text);
    }

    private String product(Tenant t, String type) {
        var r = t.orgAdmin().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "edge " + type), "productType", type,
                        "dataFormat", "Json", "modelId", "edge_panel", "biDirectionalAuth", false));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data().asString();
    }

    private JsonNode device(Tenant t, String productKey) {
        var r = t.orgAdmin().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", productKey, "deviceName", Map.of("defaultValue", "d")));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data();
    }
}
