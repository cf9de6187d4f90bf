package org.openenos.rest.subscription;

import java.util.List;
import java.util.Set;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.registry.PageRequestBody;
import org.openenos.registry.Page;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionFilter;
import org.openenos.subscription.SubscriptionService;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /subscription-service/v2.1/subscriptions}: data subscription jobs (EnOS creates them in its console; here
 * they are an API first). The access secret is returned by {@code create} and {@code rotateSecret} only. Changes
 * need write access to the organization; reading needs read access.
 */
@RestController
@RequestMapping("/subscription-service/v2.1/subscriptions")
public class SubscriptionController {
    public record FilterBody(Set<String> modelIds, Set<String> assetIds, String treeId, Set<String> pointIds,
                             Set<String> severities) {
        SubscriptionFilter toFilter() {
            return new SubscriptionFilter(modelIds, assetIds, treeId, pointIds, severities);
        }
    }

    /** A webhook: {@code url} (empty removes it) and the secret that signs the POSTs. */
    public record WebhookBody(String url, String secret) {
    }

    public record CreateBody(String subId, String name, Integer subType, FilterBody filter, WebhookBody webhook) {
    }

    public record UpdateBody(String name, FilterBody filter, WebhookBody webhook) {
    }

    public record SearchBody(PageRequestBody pagination) {
    }

    /** A subscription as the API shows it: no secret, not even sealed. */
    public record SubscriptionView(String subId, String orgId, String name, int subType, FilterBody filter,
                                   String accessKey, String webhookUrl, long createTime, long updateTime) {
        static SubscriptionView of(Subscription s) {
            var f = s.filter();
            return new SubscriptionView(s.subId(), s.orgId(), s.name(), s.type().code(),
                    new FilterBody(f.modelIds(), f.assetIds(), f.treeId(), f.pointIds(), f.severities()),
                    s.accessKey(), s.webhook() == null ? null : s.webhook().url(), s.createdAt().toEpochMilli(),
                    s.updatedAt().toEpochMilli());
        }
    }

    private final SubscriptionService subscriptions;
    private final ApiAccess access;

    public SubscriptionController(SubscriptionService subscriptions, ApiAccess access) {
        this.subscriptions = subscriptions;
        this.access = access;
    }

    @PostMapping(params = "action=create")
    public ApiResponse create(@RequestParam String orgId, @RequestBody CreateBody body) {
        access.requireWrite(orgId);
        if (body == null || body.subType() == null) {
            throw org.openenos.error.OpenEnosException.badArgument("subType is required");
        }
        var credentials = subscriptions.create(orgId, body.subId(), body.name(), body.subType(),
                body.filter() == null ? null : body.filter().toFilter());
        if (body.webhook() != null) {
            subscriptions.setWebhook(orgId, credentials.subId(), body.webhook().url(), body.webhook().secret());
        }
        return ApiResponse.ok(credentials);
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String subId) {
        return ApiResponse.ok(SubscriptionView.of(subscriptions.get(access.requireRead(orgId), subId)));
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        Page.Request request = PageRequestBody.of(body == null ? null : body.pagination(), 100);
        int offset = (request.pageNo() - 1) * request.pageSize();
        List<SubscriptionView> items = subscriptions.search(orgId, offset, request.pageSize()).stream()
                .map(SubscriptionView::of).toList();
        return ApiResponse.page(items, new ApiResponse.Pagination(request.pageNo(), request.pageSize(),
                subscriptions.count(orgId), null));
    }

    @PostMapping(params = "action=update")
    public ApiResponse update(@RequestParam String orgId, @RequestParam String subId,
                              @RequestBody UpdateBody body) {
        access.requireWrite(orgId);
        Subscription updated = subscriptions.update(orgId, subId, body.name(),
                body.filter() == null ? null : body.filter().toFilter());
        if (body.webhook() != null) {
            updated = subscriptions.setWebhook(orgId, subId, body.webhook().url(), body.webhook().secret());
        }
        return ApiResponse.ok(SubscriptionView.of(updated));
    }

    @PostMapping(params = "action=delete")
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String subId) {
        access.requireWrite(orgId);
        subscriptions.delete(orgId, subId);
        return ApiResponse.ok(null);
    }

    @PostMapping(params = "action=rotateSecret")
    public ApiResponse rotateSecret(@RequestParam String orgId, @RequestParam String subId) {
        access.requireWrite(orgId);
        return ApiResponse.ok(subscriptions.rotateSecret(orgId, subId));
    }

    /** Per consumer group: lag per partition and in total, connected consumers, delivered and missed messages. */
    @RequestMapping(params = "action=lag", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse lag(@RequestParam String orgId, @RequestParam String subId) {
        return ApiResponse.ok(subscriptions.lag(access.requireRead(orgId), subId));
    }
}
