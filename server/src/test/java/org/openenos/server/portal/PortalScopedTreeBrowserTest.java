package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.server.ApiClient;
import org.openenos.server.ServerTestBase;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The asset tree page for a user whose role covers one site: it offers the trees holding the site, starts at the
 * site and browses below it, in headless Chromium against the real server.
 */
@ExtendWith(BrowserExtension.class)
class PortalScopedTreeBrowserTest extends ServerTestBase {
    private static Browser browser;

    private static String data(ApiClient.Response r) {
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data().isString() ? r.data().asString() : r.data().path("assetId").asString();
    }

    @Test
    void aSiteOperatorBrowsesItsSiteFromTheTreePage() throws Exception {
        Tenant t = newTenant();
        Map<String, Object> org = Map.of("orgId", t.orgId());
        assertThat(t.app().post("/model-service/v2.1/thing-models", with(org, "action", "create"),
                simpleModel("scoped_tree")).ok()).isTrue();
        var tree = t.app().post("/asset-tree-service/v2.1/asset-trees", with(org, "action", "create"),
                Map.of("tree", Map.of("name", Map.of("defaultValue", "Fleet")), "asset", Map.of("modelId",
                        "scoped_tree", "name", Map.of("defaultValue", "Fleet"))));
        String treeId = tree.data().path("treeId").asString();
        String root = data(tree);
        String siteA = node(t, treeId, root, "Site A");
        node(t, treeId, root, "Site B");
        String bay = node(t, treeId, siteA, "Bay 1");
        t.app().post("/asset-tree-service/v2.1/asset-trees", with(org, "action", "create"), Map.of("tree",
                Map.of("name", Map.of("defaultValue", "Elsewhere")), "asset", Map.of("modelId", "scoped_tree",
                        "name", Map.of("defaultValue", "Elsewhere"))));
        String roleId = t.orgAdmin().post("/iam-service/v2.1/roles", with(org, "action", "create"), Map.of("name",
                "Site A viewer", "permissions", List.of("assets:read", "models:read"))).data().path("roleId")
                .asString();
        String name = "site-tree-" + System.nanoTime();
        var user = t.orgAdmin().post("/iam-service/v2.1/users", with(org, "action", "create"), Map.of("username",
                name, "password", "Password-123", "role", "VIEWER"));
        assertThat(t.orgAdmin().post("/iam-service/v2.1/role-assignments", with(org, "action", "assign"),
                Map.of("userId", user.data().path("userId").asString(), "roleId", roleId, "scope",
                        List.of(Map.of("treeId", treeId, "assetId", siteA)))).ok()).isTrue();

        browser.signIn(name, "Password-123");
        browser.open("#/tree");
        browser.visible("button.label[data-asset-id='" + siteA + "'][aria-selected=true]");
        browser.await().until(ExpectedConditions.textToBe(By.id("asset-title"), "Site A"));
        assertThat(new Select(browser.driver.findElement(By.id("tree-select"))).getOptions())
                .extracting(o -> o.getText()).containsExactly("Fleet");
        assertThat(browser.driver.findElements(By.cssSelector("button.label[data-asset-id='" + root + "']")))
                .as("the tree's root, above the site, is not shown").isEmpty();
        browser.visible("button.link[data-child-id='" + bay + "']").click();
        browser.visible("button.label[data-asset-id='" + bay + "'][aria-selected=true]");
        browser.await().until(ExpectedConditions.textToBe(By.id("asset-title"), "Bay 1"));
        browser.screenshot("tree-scoped-site");
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        var m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static String node(Tenant t, String treeId, String parent, String name) {
        return data(t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "createAsset", "orgId",
                t.orgId(), "treeId", treeId, "parentAssetId", parent), Map.of("asset", Map.of("modelId",
                "scoped_tree", "name", Map.of("defaultValue", name)))));
    }
}
