package org.openenos.rest.dashboard;

import java.util.List;
import org.openenos.dashboard.Dashboard;
import org.openenos.dashboard.DashboardService;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.registry.PageRequestBody;
import org.openenos.registry.Page;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /dashboard-service/v2.1/dashboards}: the portal's saved dashboards, shared within an organization. Everyone
 * in the organization reads them; viewers may not change them (99403).
 */
@RestController
@RequestMapping("/dashboard-service/v2.1/dashboards")
public class DashboardController {
    public record SearchBody(String name, PageRequestBody pagination) {
    }

    private final DashboardService dashboards;
    private final ApiAccess access;

    public DashboardController(DashboardService dashboards, ApiAccess access) {
        this.dashboards = dashboards;
        this.access = access;
    }

    @PostMapping(params = "action=create")
    public ApiResponse create(@RequestParam String orgId, @RequestBody DashboardService.DashboardInput body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(dashboards.create(access.caller().principal(), orgId, body));
    }

    @PostMapping(params = "action=update")
    public ApiResponse update(@RequestParam String orgId, @RequestParam String dashboardId,
                              @RequestBody DashboardService.DashboardInput body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(dashboards.update(access.caller().principal(), orgId, dashboardId, body));
    }

    @PostMapping(params = "action=delete")
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String dashboardId) {
        access.requireWrite(orgId);
        dashboards.delete(access.caller().principal(), orgId, dashboardId);
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String dashboardId) {
        return ApiResponse.ok(dashboards.get(access.requireRead(orgId), dashboardId));
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        String name = body == null || body.name() == null ? "" : body.name().toLowerCase();
        List<Dashboard> all = dashboards.list(orgId).stream()
                .filter(d -> d.name().toLowerCase().contains(name)).toList();
        Page<Dashboard> page = Page.of(all, PageRequestBody.of(body == null ? null : body.pagination(), 100));
        return ApiResponse.page(page.items(), new ApiResponse.Pagination(page.pageNo(), page.pageSize(),
                page.totalSize(), null));
    }
}
