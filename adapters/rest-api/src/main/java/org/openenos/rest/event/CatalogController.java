package org.openenos.rest.event;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.alerting.AlertService;
import org.openenos.alerting.CatalogEntry;
import org.openenos.alerting.CatalogEntry.Kind;
import org.openenos.error.OpenEnosException;
import org.openenos.model.StringI18n;
import org.openenos.registry.Page;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.registry.PageRequestBody;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code alert-severities}, {@code alert-types} and {@code alert-contents}: the three catalogs rules refer to. Bodies
 * wrap the entry in {@code severity}, {@code type} or {@code content}, with {@code <kind>Id} and {@code <kind>Desc}.
 */
@RestController
@RequestMapping("/event-service/v2.1")
public class CatalogController {
    /** One body shape for all three kinds; the id and description field names follow the kind. */
    public record Entry(@JsonAlias({"severityId", "typeId", "contentId"}) String id,
                        @JsonAlias({"severityDesc", "typeDesc", "contentDesc"}) StringI18n desc,
                        String modelId, String alertTypeId, Map<String, String> tags) {
    }

    public record Envelope(@JsonAlias({"severity", "type", "content"}) Entry entry) {
    }

    public record SearchBody(String modelId, PageRequestBody pagination) {
    }

    private final AlertService alerts;
    private final ApiAccess access;

    public CatalogController(AlertService alerts, ApiAccess access) {
        this.alerts = alerts;
        this.access = access;
    }

    @PostMapping(path = "/{resource:alert-severities|alert-types|alert-contents}", params = "action=create")
    public ApiResponse create(@org.springframework.web.bind.annotation.PathVariable String resource,
                              @RequestParam String orgId, @RequestBody Envelope body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(view(alerts.saveEntry(orgId, entry(kind(resource), body), true)));
    }

    @PostMapping(path = "/{resource:alert-severities|alert-types|alert-contents}", params = "action=update")
    public ApiResponse update(@org.springframework.web.bind.annotation.PathVariable String resource,
                              @RequestParam String orgId, @RequestBody Envelope body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(view(alerts.saveEntry(orgId, entry(kind(resource), body), false)));
    }

    @PostMapping(path = "/{resource:alert-severities|alert-types|alert-contents}", params = "action=delete")
    public ApiResponse delete(@org.springframework.web.bind.annotation.PathVariable String resource,
                              @RequestParam String orgId, @RequestParam Map<String, String> query) {
        access.requireWrite(orgId);
        Kind kind = kind(resource);
        alerts.deleteEntry(kind, orgId, id(kind, query));
        return ApiResponse.ok(null);
    }

    @RequestMapping(path = "/alert-contents", params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String contentId) {
        access.requireRead(orgId);
        return ApiResponse.ok(view(alerts.getEntry(Kind.CONTENT, orgId, contentId)));
    }

    @RequestMapping(path = "/{resource:alert-severities|alert-types|alert-contents}", params = "action=search",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@org.springframework.web.bind.annotation.PathVariable String resource,
                              @RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        List<CatalogEntry> all = alerts.listEntries(kind(resource), orgId).stream()
                .filter(e -> body == null || body.modelId() == null || body.modelId().equals(e.modelId()))
                .toList();
        Page<CatalogEntry> page = Page.of(all, PageRequestBody.of(body == null ? null : body.pagination(), 100));
        return ApiResponse.page(page.items().stream().map(CatalogController::view).toList(),
                new ApiResponse.Pagination(page.pageNo(), page.pageSize(), page.totalSize(), null));
    }

    private static Kind kind(String resource) {
        return switch (resource) {
            case "alert-severities" -> Kind.SEVERITY;
            case "alert-types" -> Kind.TYPE;
            default -> Kind.CONTENT;
        };
    }

    private static String prefix(Kind kind) {
        return switch (kind) {
            case SEVERITY -> "severity";
            case TYPE -> "type";
            case CONTENT -> "content";
        };
    }

    private static CatalogEntry entry(Kind kind, Envelope body) {
        if (body == null || body.entry() == null) {
            throw OpenEnosException.badArgument(prefix(kind) + ": the body must be {\"" + prefix(kind) + "\": {...}}");
        }
        Entry e = body.entry();
        return new CatalogEntry(kind, null, e.id(), e.desc(), e.modelId(), e.alertTypeId(), e.tags());
    }

    private static String id(Kind kind, Map<String, String> query) {
        String id = query.get(prefix(kind) + "Id");
        if (id == null || id.isBlank()) {
            throw OpenEnosException.badArgument(prefix(kind) + "Id: query parameter is required");
        }
        return id;
    }

    static Map<String, Object> view(CatalogEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        String p = prefix(e.kind());
        m.put(p + "Id", e.id());
        m.put(p + "Desc", e.desc());
        if (e.kind() == Kind.CONTENT) {
            m.put("modelId", e.modelId());
            m.put("alertTypeId", e.typeId());
        }
        m.put("tags", e.tags());
        return m;
    }
}
