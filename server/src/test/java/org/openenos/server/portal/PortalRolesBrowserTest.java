package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.server.ServerTestBase;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/** The roles page in headless Chromium: an administrator creates a role, ticks a permission and assigns it. */
@ExtendWith(BrowserExtension.class)
class PortalRolesBrowserTest extends ServerTestBase {
    private static Browser browser;

    private static JsonNode role(PortalFixture f, String name) {
        for (JsonNode r : f.admin().post("/iam-service/v2.1/roles", Map.of("action", "search", "orgId", f.orgId()),
                null).data()) {
            if (name.equals(r.path("name").asString())) {
                return r;
            }
        }
        throw new AssertionError("no role " + name);
    }

    @Test
    void anAdministratorCreatesARoleFromATemplateGrantsAPermissionAndAssignsItToAUserOverASite() throws Exception {
        Tenant t = newTenant();
        PortalFixture f = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t),
                simpleModel("roles_inv"));
        browser.signIn(f.adminUser(), PortalFixture.PASSWORD);
        browser.open("#/roles");
        browser.visible("#r-name").sendKeys("Site keeper");
        new Select(browser.visible("#r-template")).selectByVisibleText("VIEWER");
        browser.driver.findElement(By.cssSelector("form[aria-label='New role'] button[type=submit]")).click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("roles-message"),
                "Role Site keeper created."));

        browser.visible("section[data-role='Site keeper'] button").click(); // Edit permissions
        browser.visible("section[data-role='Site keeper'] input[value='commands:write']:enabled").click();
        browser.driver.findElement(By.cssSelector("section[data-role='Site keeper'] button[type=submit]")).click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("roles-message"),
                "Permissions of Site keeper saved."));
        JsonNode role = role(f, "Site keeper");
        assertThat(role.path("permissions").toString()).contains("commands:write", "devices:read")
                .doesNotContain("devices:write");

        new Select(browser.visible("#as-holder")).selectByVisibleText(f.viewerUser());
        new Select(browser.visible("#as-role")).selectByVisibleText("Site keeper");
        browser.visible("#as-tree").sendKeys(f.treeId());
        browser.visible("#as-asset").sendKeys(f.siteAssetId());
        browser.driver.findElement(By.cssSelector("form[aria-label='Assign a role'] button[type=submit]")).click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("roles-message"),
                "Role assigned."));
        JsonNode assignments = f.admin().post("/iam-service/v2.1/role-assignments", Map.of("action", "search",
                "orgId", f.orgId()), null).data();
        assertThat(assignments.get(0).path("roleId").asString()).isEqualTo(role.path("roleId").asString());
        assertThat(assignments.get(0).path("scope").get(0).path("assetId").asString()).isEqualTo(f.siteAssetId());
        browser.screenshot("roles");
    }
}
