package org.openenos.rest.event;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openenos.alerting.Alert;
import org.openenos.alerting.AlertQuery;
import org.openenos.alerting.AlertService;
import org.openenos.alerting.ExternalAlert;
import org.openenos.alerting.ExternalAlerts;
import org.openenos.error.OpenEnosException;
import org.openenos.registry.Page;
import org.openenos.model.identity.AssetScope;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.registry.PageRequestBody;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code active-alerts} (search, aggregate, acknowledge, close, delete) and {@code history-alerts} (search). */
@RestController
@RequestMapping("/event-service/v2.1")
public class AlertController {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

    public record Scope(String treeId, String fromAssetId, Boolean includeDerivative) {
    }

    /**
     * Times are epoch ms, ISO 8601 with an offset, or {@code yyyy-MM-dd HH:mm:ss} read as UTC. {@code acknowledged}
     * (not in EnOS) keeps only alerts that an operator has or has not acknowledged.
     */
    public record SearchBody(String assetId, String modelId, String measurepointId, String hitRuleId,
                             String severityId, Object startOccurTime, Object endOccurTime, Scope scope,
                             Boolean rootAlert, String groupByField, PageRequestBody pagination,
                             Boolean acknowledged) {
    }

    /** {@code eventId} or {@code eventIds}; {@code comment} for acknowledgements. */
    public record EventsBody(String eventId, List<String> eventIds, String comment) {
    }

    /** {@code alert} for {@code create}, {@code alerts} for {@code batchCreate}. */
    public record CreateBody(ExternalAlert alert, List<ExternalAlert> alerts) {
    }

    /** {@code tags} (or EnOS's {@code tag}) for one alert; {@code alerts} of {@code {eventId, tags}} for a batch. */
    public record TagsBody(Map<String, String> tags, Map<String, String> tag, List<TagsBody.Item> alerts) {
        public record Item(String eventId, Map<String, String> tags, Map<String, String> tag) {
        }
    }

    private final AlertService alerts;
    private final ExternalAlerts external;
    private final ApiAccess access;

    public AlertController(AlertService alerts, ExternalAlerts external, ApiAccess access) {
        this.alerts = alerts;
        this.external = external;
        this.access = access;
    }

    @PostMapping(path = "/active-alerts", params = "action=create")
    public ApiResponse createActive(@RequestParam String orgId, @RequestBody CreateBody body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(external.createActive(orgId, one(body)));
    }

    @PostMapping(path = "/history-alerts", params = "action=create")
    public ApiResponse createHistory(@RequestParam String orgId, @RequestBody CreateBody body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(external.createHistory(orgId, one(body)));
    }

    @PostMapping(path = "/active-alerts", params = "action=batchCreate")
    public ApiResponse batchCreateActive(@RequestParam String orgId, @RequestBody CreateBody body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(many(body).stream().map(a -> external.createActive(orgId, a)).toList());
    }

    @PostMapping(path = "/history-alerts", params = "action=batchCreate")
    public ApiResponse batchCreateHistory(@RequestParam String orgId, @RequestBody CreateBody body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(many(body).stream().map(a -> external.createHistory(orgId, a)).toList());
    }

    @PostMapping(path = "/active-alerts", params = "action=updateTags")
    public ApiResponse updateActiveTags(@RequestParam String orgId, @RequestParam String eventId,
                                        @RequestBody TagsBody body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(external.updateTags(orgId, eventId, tags(body.tags(), body.tag()), false));
    }

    @PostMapping(path = "/history-alerts", params = "action=updateTags")
    public ApiResponse updateHistoryTags(@RequestParam String orgId, @RequestParam String eventId,
                                         @RequestBody TagsBody body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(external.updateTags(orgId, eventId, tags(body.tags(), body.tag()), true));
    }

    @PostMapping(path = "/active-alerts", params = "action=batchUpdateTags")
    public ApiResponse batchUpdateActiveTags(@RequestParam String orgId, @RequestBody TagsBody body) {
        access.requireWrite(orgId);
        if (body.alerts() == null || body.alerts().isEmpty() || body.alerts().size() > 100) {
            throw OpenEnosException.badArgument("alerts: 1 to 100 items of {eventId, tags}");
        }
        return ApiResponse.ok(body.alerts().stream().map(item -> external.updateTags(orgId, item.eventId(),
                tags(item.tags(), item.tag()), false)).toList());
    }

    private static ExternalAlert one(CreateBody body) {
        if (body == null || body.alert() == null) {
            throw OpenEnosException.badArgument("alert is required");
        }
        return body.alert();
    }

    private static List<ExternalAlert> many(CreateBody body) {
        if (body == null || body.alerts() == null || body.alerts().isEmpty() || body.alerts().size() > 100) {
            throw OpenEnosException.badArgument("alerts: 1 to 100 alerts");
        }
        return body.alerts();
    }

    private static Map<String, String> tags(Map<String, String> tags, Map<String, String> tag) {
        Map<String, String> given = tags != null ? tags : tag;
        if (given == null) {
            throw OpenEnosException.badArgument("tags is required (an empty object clears them)");
        }
        return given;
    }

    @RequestMapping(path = "/active-alerts", params = "action=search", method = {RequestMethod.GET,
            RequestMethod.POST})
    public ApiResponse searchActive(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        return page(alerts.searchActive(scoped(query(orgId, body)), request(body)));
    }

    @RequestMapping(path = "/history-alerts", params = "action=search", method = {RequestMethod.GET,
            RequestMethod.POST})
    public ApiResponse searchHistory(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        return page(alerts.searchHistory(scoped(query(orgId, body)), request(body)));
    }

    @PostMapping(path = "/active-alerts", params = "action=aggregate")
    public ApiResponse aggregate(@RequestParam String orgId, @RequestBody SearchBody body) {
        access.requireRead(orgId);
        String field = body == null || body.groupByField() == null ? "" : body.groupByField();
        return ApiResponse.ok(alerts.aggregate(scoped(query(orgId, body)), field));
    }

    @PostMapping(path = "/active-alerts", params = "action=close")
    public ApiResponse close(@RequestParam String orgId, @RequestParam(required = false) String eventId,
                             @RequestBody(required = false) EventsBody body) {
        access.requireWrite(orgId);
        List<Alert> closed = new ArrayList<>();
        for (String id : ids(eventId, body)) {
            closed.add(alerts.close(orgId, id));
        }
        return ApiResponse.ok(closed);
    }

    @PostMapping(path = "/active-alerts", params = "action=delete")
    public ApiResponse delete(@RequestParam String orgId, @RequestParam(required = false) String eventId,
                              @RequestBody(required = false) EventsBody body) {
        access.requireWrite(orgId);
        for (String id : ids(eventId, body)) {
            alerts.delete(orgId, id);
        }
        return ApiResponse.ok(null);
    }

    @PostMapping(path = "/active-alerts", params = "action=acknowledge")
    public ApiResponse acknowledge(@RequestParam String orgId, @RequestParam(required = false) String eventId,
                                   @RequestBody(required = false) EventsBody body) {
        access.requireWrite(orgId);
        String comment = body == null ? null : body.comment();
        if (comment != null && comment.length() > 1000) {
            throw OpenEnosException.badArgument("comment: at most 1000 characters");
        }
        List<Alert> acked = new ArrayList<>();
        for (String id : ids(eventId, body)) {
            acked.add(alerts.acknowledge(orgId, id, comment));
        }
        return ApiResponse.ok(acked);
    }

    private static List<String> ids(String eventId, EventsBody body) {
        List<String> ids = new ArrayList<>();
        if (eventId != null && !eventId.isBlank()) {
            ids.add(eventId);
        }
        if (body != null && body.eventId() != null) {
            ids.add(body.eventId());
        }
        if (body != null && body.eventIds() != null) {
            ids.addAll(body.eventIds());
        }
        if (ids.isEmpty()) {
            throw OpenEnosException.badArgument("eventId: give eventId or eventIds");
        }
        return ids;
    }

    private static Page.Request request(SearchBody body) {
        return PageRequestBody.of(body == null ? null : body.pagination(), 10);
    }

    private static ApiResponse page(Page<Alert> page) {
        return ApiResponse.page(page.items(), new ApiResponse.Pagination(page.pageNo(), page.pageSize(),
                page.totalSize(), "occurTime DESC"));
    }

    /**
     * A caller granted alerts over nodes of asset trees searches below those nodes (the store filters by the alerts'
     * asset paths), or below the one of them, or the asset, it names. The assets named were checked against the
     * scope before (ScopeGuard).
     */
    private AlertQuery scoped(AlertQuery q) {
        AssetScope scope = access.assetScope();
        if (scope.wholeOrganization() || (q.assetId() != null && !q.assetId().isBlank())) {
            return q;
        }
        boolean namesScopeNode = q.fromAssetId() != null && !q.fromAssetId().isBlank()
                && scope.nodes().stream().anyMatch(n -> n.treeId().equals(q.treeId()));
        if (namesScopeNode) {
            return q;
        }
        if (scope.nodes().isEmpty()) {
            throw OpenEnosException.forbidden("your alerts:read covers no asset-tree node");
        }
        if (scope.nodes().size() > 1) {
            return q.within(scope.nodes());
        }
        AssetScope.Node n = scope.nodes().getFirst();
        return new AlertQuery(q.orgId(), q.assetId(), q.modelId(), q.measurepointId(), q.ruleId(), q.severityId(),
                q.startOccurTime(), q.endOccurTime(), n.treeId(), n.assetId(), true, q.rootAlert(), q.offset(),
                q.limit(), q.acknowledged());
    }

    private static AlertQuery query(String orgId, SearchBody b) {
        if (b == null) {
            return new AlertQuery(orgId, null, null, null, null, null, null, null, null, null, null, null, 0,
                    10);
        }
        return new AlertQuery(orgId, b.assetId(), b.modelId(), b.measurepointId(), b.hitRuleId(), b.severityId(),
                time("startOccurTime", b.startOccurTime()), time("endOccurTime", b.endOccurTime()),
                b.scope() == null ? null : b.scope().treeId(), b.scope() == null ? null : b.scope().fromAssetId(),
                b.scope() == null ? null : b.scope().includeDerivative(), b.rootAlert(), 0, 10, b.acknowledged());
    }

    static Long time(String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return null;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        String s = value.toString().trim();
        try {
            if (s.matches("\\d+")) {
                return Long.parseLong(s);
            }
            if (s.contains("T")) {
                return java.time.OffsetDateTime.parse(s).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(s, LOCAL).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw OpenEnosException.badArgument(field + ": '" + s + "' is not epoch ms, ISO 8601 with an offset or"
                    + " yyyy-MM-dd HH:mm:ss");
        }
    }

}
