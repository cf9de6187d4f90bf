package org.openenos.dashboard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openenos.dashboard.Widget.PointRef;
import org.openenos.dashboard.Widget.WidgetType;

class WidgetLibraryChecksTest {
    private static Widget widget(WidgetType type, List<PointRef> points, String assetId, String treeId,
                                 List<String> severities) {
        return new Widget("w1", type, "t", 0, 0, 4, 2, points, null, null, null, assetId, null, List.of(), treeId,
                severities);
    }

    private static void check(Widget w) {
        DashboardService.validate(new DashboardService.DashboardInput("d", List.of(w), null));
    }

    @Test
    void aStateTimelineNeedsAPointToShow() {
        assertThatThrownBy(() -> check(widget(WidgetType.STATE_TIMELINE, List.of(), null, null, null)))
                .hasMessageContaining("widgets[0].points").hasMessageContaining("state timeline");
        assertThatCode(() -> check(widget(WidgetType.STATE_TIMELINE, List.of(new PointRef("a1", "state")), null,
                null, null))).doesNotThrowAnyException();
    }

    @Test
    void aMapNamesTheTreeWhoseAssetsItShows() {
        assertThatThrownBy(() -> check(widget(WidgetType.MAP, List.of(), null, " ", null)))
                .hasMessageContaining("widgets[0].treeId");
        assertThatCode(() -> check(widget(WidgetType.MAP, List.of(), "site", "tree1", null)))
                .doesNotThrowAnyException();
    }

    @Test
    void anAlertListCoversTheOrganizationOrASubtreeOfANamedTreeAndNamesRealSeverities() {
        assertThatCode(() -> check(widget(WidgetType.ALERT_LIST, List.of(), null, null, List.of())))
                .doesNotThrowAnyException();
        assertThatCode(() -> check(widget(WidgetType.ALERT_LIST, List.of(), "site", "tree1", List.of("critical"))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check(widget(WidgetType.ALERT_LIST, List.of(), "site", null, null)))
                .hasMessageContaining("widgets[0].treeId");
        assertThatThrownBy(() -> check(widget(WidgetType.ALERT_LIST, List.of(), null, null, List.of(""))))
                .hasMessageContaining("widgets[0].severityIds");
    }

    @Test
    void aTemplatePlaceholderAsTheRootOfAnAlertListNeedsATemplatedDashboard() {
        Widget w = widget(WidgetType.ALERT_LIST, List.of(), Dashboard.TEMPLATE_ASSET, "tree1", null);
        assertThatThrownBy(() -> check(w)).hasMessageContaining("templateModelId");
        assertThatCode(() -> DashboardService.validate(new DashboardService.DashboardInput("d", List.of(w), null,
                null, "turbine"))).doesNotThrowAnyException();
    }
}
