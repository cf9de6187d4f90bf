package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.server.ApiClient;
import org.openenos.server.ServerTestBase;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The administration side of the portal in headless Chromium against the real server: bulk import with a per-row
 * error report, changing a user's role (and a viewer who cannot), arranging a dashboard by dragging, and editing a
 * model with the server's validation message. Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(BrowserExtension.class)
class PortalAdminBrowserTest extends ServerTestBase {
    private static Browser browser;
    private static PortalFixture fixture;

    @BeforeEach
    void seed() throws Exception {
        if (fixture == null) {
            Tenant t = newTenant();
            fixture = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t),
                    simpleModel("admin_inv"));
            browser.signIn(fixture.adminUser(), PortalFixture.PASSWORD);
        }
    }

    private JavascriptExecutor js() {
        return (JavascriptExecutor) browser.driver;
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asString())) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + " " + value + " in " + array);
    }

    private void acceptConfirm() {
        browser.await().until(ExpectedConditions.alertIsPresent()).accept();
    }

    @Test
    @Order(1)
    void aCsvImportCreatesTheGoodRowsAndListsEachRefusedRowWithItsLineAndReason() throws Exception {
        String pk = fixture.productKey();
        Path csv = Files.createTempFile("devices", ".csv");
        Files.writeString(csv, String.join("\n",
                "productKey,deviceKey,deviceName,timezone",
                pk + ",imp-1,Imported 1,Europe/Berlin",
                pk + ",inv-1,Clashes with the fixture's device,",
                pk + ",imp-2,\"Imported 2, with a comma\",+02:00",
                pk + ",bad key,Bad key,",
                "nope,imp-3,Unknown product,",
                pk + ",imp-4,Bad zone,Mars/Base",
                pk + ",imp-5,Imported 5,") + "\n");
        browser.open("#/devices");
        browser.visible("oe-devices-page button[aria-expanded]").click();
        browser.visible("#import-file").sendKeys(csv.toAbsolutePath().toString());
        browser.driver.findElement(By.cssSelector("oe-device-import button[type=submit]")).click();

        WebElement summary = browser.visible("#import-summary");
        assertThat(summary.getText()).contains("3 devices created").contains("4 rows refused");
        WebElement progress = browser.driver.findElement(By.id("import-progress"));
        assertThat(progress.getAttribute("value")).isEqualTo("7");
        assertThat(progress.getAttribute("max")).isEqualTo("7");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#import-errors tbody tr"));
        assertThat(rows).extracting(r -> r.getAttribute("data-line")).containsExactly("3", "5", "6", "7");
        assertThat(rows.get(0).getText()).contains("inv-1").contains("exists already");
        assertThat(rows.get(1).getText()).contains("bad key").contains("deviceKey");
        assertThat(rows.get(2).getText()).contains("imp-3").contains("productKey").contains("nope");
        assertThat(rows.get(3).getText()).contains("imp-4").contains("timezone");
        String refused = (String) js().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(document.getElementById('import-failed-csv').href).then(r => r.text()).then(done);");
        String[] refusedLines = refused.split("\\r?\\n");
        assertThat(refusedLines).hasSize(5);
        assertThat(refusedLines[0]).endsWith(",line,error");
        browser.screenshot("device-import");

        var search = fixture.admin().post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId",
                fixture.orgId()), Map.of("keyword", "Imported", "pagination", Map.of("pageNo", 1, "pageSize", 50)));
        assertThat(search.data().findValuesAsString("deviceKey")).containsExactlyInAnyOrder("imp-1", "imp-2",
                "imp-5");
    }

    @Test
    @Order(2)
    void anOrgAdminChangesAUsersRoleAndTheChangeIsAudited() throws Exception {
        String user = "op-" + fixture.orgId().toLowerCase();
        PortalFixture.check(fixture.admin().post("/iam-service/v2.1/users", Map.of("orgId", fixture.orgId(),
                "action", "create"), Map.of("username", user, "password", "Operator-Pass-1", "role", "VIEWER")));
        browser.open("#/admin");
        WebElement role = browser.visible("select[data-role-of='" + user + "']");
        assertThat(browser.driver.findElements(By.cssSelector("select[data-role-of='" + fixture.adminUser() + "']")))
                .as("an administrator cannot change their own role").isEmpty();
        new Select(role).selectByVisibleText("OPERATOR");
        acceptConfirm();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-message"),
                "changed to OPERATOR"));
        browser.screenshot("admin-users");

        var users = fixture.admin().post("/iam-service/v2.1/users", Map.of("orgId", fixture.orgId(), "action",
                "search"), null);
        assertThat(byField(users.data(), "username", user).path("role").asString()).isEqualTo("OPERATOR");
        var audit = fixture.admin().post("/iam-service/v2.1/audit-logs", Map.of("orgId", fixture.orgId(), "action",
                "search"), null);
        assertThat(audit.data().toString()).contains("user.update").contains("role=OPERATOR (was VIEWER)");
    }

    @Test
    @Order(3)
    void aWidgetDraggedToANewPlaceAndOneWidenedByKeyboardKeepTheirLayoutAfterAReload() throws Exception {
        List<Map<String, Object>> points = List.of(Map.of("assetId", fixture.deviceAssetId(), "pointId", "power"));
        String id = PortalFixture.check(fixture.admin().post("/dashboard-service/v2.1/dashboards", Map.of("orgId",
                fixture.orgId(), "action", "create"), Map.of("name", "Layout", "widgets", List.of(
                Map.of("id", "card", "type", "VALUE_CARD", "title", "Power", "x", 0, "y", 0, "w", 3, "h", 2,
                        "points", points),
                Map.of("id", "table", "type", "LATEST_TABLE", "title", "Latest", "x", 3, "y", 0, "w", 4, "h", 2,
                        "points", points))))).data().path("dashboardId").asString();
        browser.open("#/dashboards/" + id + "/edit");
        browser.visible("#layout-hint");
        WebElement handle = browser.visible("oe-dash-widget[data-x='3'] [data-drag]");
        Number colStep = (Number) js().executeScript("const g = document.querySelector('.dash-grid');"
                + "const gap = parseFloat(getComputedStyle(g).columnGap);"
                + "return (g.getBoundingClientRect().width + gap) / 12;");
        Number rowStep = (Number) js().executeScript("const g = document.querySelector('.dash-grid');"
                + "return parseFloat(getComputedStyle(g).gridAutoRows) + parseFloat(getComputedStyle(g).rowGap);");
        // from (3,0) to (5,2): two columns right, two rows down, in small steps as a hand would
        Actions drag = new Actions(browser.driver).clickAndHold(handle);
        for (int i = 1; i <= 4; i++) {
            drag.moveByOffset((int) (colStep.doubleValue() / 2), (int) (rowStep.doubleValue() / 2));
        }
        drag.release().perform();
        WebElement table = browser.visible("oe-dash-widget[data-y='2']");
        assertThat(table.getAttribute("data-x")).isEqualTo("5");
        assertThat(table.getText()).contains("Latest");

        WebElement wider = browser.driver.findElement(By.cssSelector("oe-dash-widget[data-x='0'] [aria-label=Wider]"));
        wider.sendKeys(org.openqa.selenium.Keys.ENTER);
        browser.visible("oe-dash-widget[data-x='0'][data-w='4']");
        browser.screenshot("dashboard-layout-edit");
        browser.visible("#dashboard-save").click();
        browser.visible("#dashboard-saved");

        browser.driver.navigate().refresh();
        browser.visible("oe-dash-widget[data-x='5'][data-y='2'][data-w='4']");
        browser.visible("oe-dash-widget[data-x='0'][data-y='0'][data-w='4'][data-h='2']");
        browser.screenshot("dashboard-layout-saved");

        // a tablet in portrait, dark: the widgets stack in layout order, full width
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1100));
        js().executeScript("document.documentElement.dataset.theme = 'dark'");
        try {
            browser.await().until(d -> {
                List<WebElement> widgets = d.findElements(By.cssSelector("oe-dash-widget"));
                return widgets.size() == 2 && widgets.get(0).getRect().getX() == widgets.get(1).getRect().getX()
                        && widgets.get(0).getRect().getY() < widgets.get(1).getRect().getY();
            });
            browser.screenshot("dashboard-tablet-dark");
        } finally {
            js().executeScript("delete document.documentElement.dataset.theme");
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
        }
    }

    @Test
    @Order(4)
    void aModelEditTheServerRefusesShowsItsMessageAndTheCorrectedModelIsSaved() throws Exception {
        // leaving the dashboard editor must not ask anything (it once asked to delete the dashboard)
        browser.open("#/models/" + fixture.modelId());
        browser.visible("#model-json");
        js().executeScript("const t = document.getElementById('model-json'); const m = JSON.parse(t.value);"
                + "m.measurepoints.power.dataType = 'ENUM'; t.value = JSON.stringify(m, null, 2);");
        browser.driver.findElement(By.cssSelector("oe-models-page button[type=submit]")).click();
        WebElement error = browser.visible("#model-error");
        assertThat(error.getText()).contains("measurepoints.power.dataDefinition");
        browser.screenshot("model-error");

        js().executeScript("const t = document.getElementById('model-json'); const m = JSON.parse(t.value);"
                + "m.measurepoints.power.dataType = 'DOUBLE'; m.name.defaultValue = 'Inverter renamed';"
                + "t.value = JSON.stringify(m, null, 2);");
        browser.driver.findElement(By.cssSelector("oe-models-page button[type=submit]")).click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("oe-models-page .notice"), "Saved model " + fixture.modelId()));
        assertThat(browser.driver.findElements(By.id("model-error"))).isEmpty();
        var model = fixture.admin().post("/model-service/v2.1/thing-models", Map.of("orgId", fixture.orgId(),
                "action", "get", "modelId", fixture.modelId()), null);
        assertThat(model.data().path("name").path("defaultValue").asString()).isEqualTo("Inverter renamed");
    }

    @Test
    @Order(5)
    void aViewerSeesUsersReadOnlyAndTheServerRefusesTheirRoleChange() throws Exception {
        browser.driver.findElement(By.id("sign-out")).click();
        browser.visible("oe-login-form input[type=password]");
        browser.signIn(fixture.viewerUser(), PortalFixture.VIEWER_PASSWORD);
        browser.open("#/admin");
        browser.visible("#admin-read-only");
        browser.visible("tr[data-user='" + fixture.adminUser() + "']");
        assertThat(browser.driver.findElements(By.cssSelector("select[data-role-of]"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("oe-admin-page form"))).isEmpty();
        browser.screenshot("admin-viewer");

        ApiClient viewer = ApiClient.user(base(), fixture.viewerUser(), PortalFixture.VIEWER_PASSWORD);
        var users = viewer.post("/iam-service/v2.1/users", Map.of("orgId", fixture.orgId(), "action", "search"),
                null);
        String adminId = byField(users.data(), "username", fixture.adminUser()).path("userId").asString();
        var refused = viewer.post("/iam-service/v2.1/users", Map.of("orgId", fixture.orgId(), "action", "update"),
                Map.of("userId", adminId, "role", "VIEWER"));
        assertThat(refused.code()).isEqualTo(99403);
    }
}
