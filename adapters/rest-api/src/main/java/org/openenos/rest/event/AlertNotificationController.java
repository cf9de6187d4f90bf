package org.openenos.rest.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.alerting.notify.AlertNotifier;
import org.openenos.alerting.notify.DeadLetter;
import org.openenos.registry.Page;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.registry.PageRequestBody;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code alert-notifications?action=searchDeadLetters}: notifications and control actions of alert rules that failed
 * after every retry, newest first, with what would have been sent and the last error.
 */
@RestController
@RequestMapping("/event-service/v2.1")
public class AlertNotificationController {
    public record SearchBody(String ruleId, PageRequestBody pagination) {
    }

    private final AlertNotifier notifier;
    private final ApiAccess access;

    public AlertNotificationController(AlertNotifier notifier, ApiAccess access) {
        this.notifier = notifier;
        this.access = access;
    }

    @RequestMapping(path = "/alert-notifications", params = "action=searchDeadLetters",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse searchDeadLetters(@RequestParam String orgId,
                                         @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        Page<DeadLetter> page = notifier.deadLetters(orgId, body == null ? null : body.ruleId(),
                PageRequestBody.of(body == null ? null : body.pagination(), 10));
        List<Map<String, Object>> items = page.items().stream().map(AlertNotificationController::view).toList();
        return ApiResponse.page(items, new ApiResponse.Pagination(page.pageNo(), page.pageSize(), page.totalSize(),
                "createTime DESC"));
    }

    private static Map<String, Object> view(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("ruleId", d.ruleId());
        m.put("eventId", d.eventId());
        m.put("type", d.channel());
        m.put("target", d.target());
        m.put("attempts", d.attempts());
        m.put("lastError", d.lastError());
        m.put("payload", d.payload());
        m.put("createTime", d.createTime().toEpochMilli());
        return m;
    }
}
