package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.server.ApiClient;
import org.openenos.server.ServerTestBase;

class DashboardApiTest extends ServerTestBase {

    private static Map<String, Object> card(String assetId) {
        return Map.of("id", "w1", "type", "VALUE_CARD", "title", "Power", "x", 0, "y", 0, "w", 3, "h", 2,
                "points", List.of(Map.of("assetId", assetId, "pointId", "power")));
    }

    @Test
    void anOperatorCreatesUpdatesAndDeletesADashboardThatTheWholeOrganizationSees() {
        Tenant t = newTenant();
        var created = t.orgAdmin().post("/dashboard-service/v2.1/dashboards",
                Map.of("action", "create", "orgId", t.orgId()), Map.of("name", "Plant overview",
                        "widgets", List.of(card("a1"))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String id = created.data().path("dashboardId").asString();
        assertThat(created.data().path("version").asLong()).isEqualTo(1);

        var updated = t.orgAdmin().post("/dashboard-service/v2.1/dashboards",
                Map.of("action", "update", "orgId", t.orgId(), "dashboardId", id),
                Map.of("name", "Plant overview 2", "widgets", List.of(), "version", 1));
        assertThat(updated.ok()).as(updated.toString()).isTrue();
        assertThat(updated.data().path("version").asLong()).isEqualTo(2);

        var listed = t.app().post("/dashboard-service/v2.1/dashboards", Map.of("action", "search", "orgId", t.orgId()),
                Map.of());
        assertThat(listed.data().get(0).path("name").asString()).isEqualTo("Plant overview 2");
        assertThat(listed.body().path("pagination").path("totalSize").asLong()).isEqualTo(1);

        var deleted = t.orgAdmin().post("/dashboard-service/v2.1/dashboards",
                Map.of("action", "delete", "orgId", t.orgId(), "dashboardId", id), Map.of());
        assertThat(deleted.ok()).isTrue();
        var gone = t.orgAdmin().post("/dashboard-service/v2.1/dashboards",
                Map.of("action", "get", "orgId", t.orgId(), "dashboardId", id), Map.of());
        assertThat(gone.code()).isEqualTo(99404);
    }

    @Test
    void aStaleVersionIsRefusedInsteadOfOverwritingAnotherEditorsChange() {
        Tenant t = newTenant();
        String id = t.orgAdmin().post("/dashboard-service/v2.1/dashboards", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("name", "Shared", "widgets", List.of())).data().path("dashboardId").asString();
        Map<String, String> update = Map.of("action", "update", "orgId", t.orgId(), "dashboardId", id);
        assertThat(t.orgAdmin().post("/dashboard-service/v2.1/dashboards", update,
                Map.of("name", "First", "version", 1)).ok()).isTrue();
        var stale = t.orgAdmin().post("/dashboard-service/v2.1/dashboards", update,
                Map.of("name", "Second", "version", 1));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().path("msg").asString()).contains("changed by someone else");
    }

    @Test
    void aViewerReadsDashboardsButIsRefusedAnEditWith99403() {
        Tenant t = newTenant();
        admin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", "v-" + t.orgId(), "password", "Viewer-Pass-1", "role", "VIEWER"));
        ApiClient viewer = ApiClient.user(base(), "v-" + t.orgId(), "Viewer-Pass-1");
        String id = t.orgAdmin().post("/dashboard-service/v2.1/dashboards", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("name", "Read only", "widgets", List.of())).data().path("dashboardId").asString();

        assertThat(viewer.post("/dashboard-service/v2.1/dashboards", Map.of("action", "get", "orgId", t.orgId(),
                "dashboardId", id), Map.of()).ok()).isTrue();
        var refused = viewer.post("/dashboard-service/v2.1/dashboards", Map.of("action", "update", "orgId",
                t.orgId(), "dashboardId", id), Map.of("name", "Mine now", "version", 1));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo(99403);
    }

    @Test
    void anotherOrganizationNeitherSeesNorReachesTheDashboards() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        String id = a.orgAdmin().post("/dashboard-service/v2.1/dashboards", Map.of("action", "create", "orgId",
                a.orgId()), Map.of("name", "Secret", "widgets", List.of())).data().path("dashboardId").asString();

        assertThat(b.orgAdmin().post("/dashboard-service/v2.1/dashboards", Map.of("action", "get", "orgId",
                a.orgId(), "dashboardId", id), Map.of()).code()).isEqualTo(99403);
        assertThat(b.orgAdmin().post("/dashboard-service/v2.1/dashboards", Map.of("action", "get", "orgId",
                b.orgId(), "dashboardId", id), Map.of()).code()).isEqualTo(99404);
        assertThat(b.orgAdmin().post("/dashboard-service/v2.1/dashboards", Map.of("action", "search", "orgId",
                b.orgId()), Map.of()).data().size()).isZero();
    }

    @Test
    void aLayoutThatDoesNotFitTheGridIsRefusedWithTheWidgetNamed() {
        Tenant t = newTenant();
        var bad = t.orgAdmin().post("/dashboard-service/v2.1/dashboards", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("name", "Too wide", "widgets", List.of(Map.of("id", "w1", "type", "GAUGE",
                "x", 10, "y", 0, "w", 6, "h", 2))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("msg").asString()).contains("widgets[0]").contains("grid");
    }

    @Test
    void aTemplatedDashboardKeepsItsTimeWindowAndControlWidgetsAndRefusesWhatThePortalCouldNotUse() {
        Tenant t = newTenant();
        Map<String, String> create = Map.of("action", "create", "orgId", t.orgId());
        Map<String, Object> sw = Map.of("id", "s", "type", "SWITCH", "x", 0, "y", 0, "w", 3, "h", 2,
                "points", List.of(Map.of("assetId", "$asset", "pointId", "mode")));
        Map<String, Object> button = Map.of("id", "b", "type", "SERVICE_BUTTON", "x", 3, "y", 0, "w", 3, "h", 2,
                "assetId", "$asset", "serviceId", "reset");
        Map<String, Object> card = Map.of("id", "c", "type", "VALUE_CARD", "x", 6, "y", 0, "w", 3, "h", 2,
                "points", List.of(Map.of("assetId", "$asset", "pointId", "power")),
                "thresholds", List.of(Map.of("value", 80, "level", "warn"), Map.of("value", 95, "level", "danger")));
        var created = t.orgAdmin().post("/dashboard-service/v2.1/dashboards", create, Map.of("name", "Any turbine",
                "templateModelId", "turbine", "time", Map.of("lastMinutes", 360, "refreshSeconds", 30),
                "widgets", List.of(sw, button, card)));
        assertThat(created.ok()).as(created.toString()).isTrue();
        var got = t.app().post("/dashboard-service/v2.1/dashboards", Map.of("action", "get", "orgId", t.orgId(),
                "dashboardId", created.data().path("dashboardId").asString()), Map.of()).data();
        assertThat(got.path("templateModelId").asString()).isEqualTo("turbine");
        assertThat(got.path("time").path("lastMinutes").asInt()).isEqualTo(360);
        assertThat(got.path("time").path("refreshSeconds").asInt()).isEqualTo(30);
        assertThat(got.path("widgets").path(1).path("serviceId").asString()).isEqualTo("reset");
        assertThat(got.path("widgets").path(2).path("thresholds").path(1).path("level").asString()).isEqualTo("danger");

        var noTemplate = t.orgAdmin().post("/dashboard-service/v2.1/dashboards", create,
                Map.of("name", "Fixed", "widgets", List.of(sw)));
        assertThat(noTemplate.code()).isEqualTo(99400);
        assertThat(noTemplate.body().path("msg").asString()).contains("$asset").contains("templateModelId");
        var bothWindows = t.orgAdmin().post("/dashboard-service/v2.1/dashboards", create, Map.of("name", "Both",
                "time", Map.of("lastMinutes", 60, "startTime", 1, "endTime", 2), "widgets", List.of()));
        assertThat(bothWindows.body().path("msg").asString()).contains("either lastMinutes or startTime");
        var noService = t.orgAdmin().post("/dashboard-service/v2.1/dashboards", create, Map.of("name", "Button",
                "templateModelId", "turbine", "widgets", List.of(Map.of("id", "b", "type", "SERVICE_BUTTON",
                        "x", 0, "y", 0, "w", 3, "h", 2, "assetId", "$asset"))));
        assertThat(noService.body().path("msg").asString()).contains("needs assetId and serviceId");
    }
}
