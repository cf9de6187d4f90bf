package org.openenos.rest.connect;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.integration.IntegrationService;
import org.openenos.connectivity.integration.IntegrationService.ItemResult;
import org.openenos.connectivity.integration.IntegrationService.Mode;
import org.openenos.error.OpenEnosException;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiBatchResponse;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /connect-service/v2.1/integration?action=postMeasurepoint|postEvent|postAttribute&orgId} (reference
 * §6.2, "integration"): EnOS HTTP message integration. The body is multipart/form-data with one part
 * {@code enos-message} holding {@code {id?, version, method, params:[items]}} (a plain JSON body of the same message
 * is accepted too); each item names its device by {@code assetId} or {@code productKey}+{@code deviceKey}. Items are
 * independent: the good ones are stored, each bad one is answered with its own code in the batch envelope.
 */
@RestController
@RequestMapping("/connect-service/v2.1/integration")
public class IntegrationController {
    private final IntegrationService integration;
    private final ApiAccess access;
    private final MeterRegistry meters;
    private final JsonMapper json = JsonMapper.builder().build();

    public IntegrationController(IntegrationService integration, ApiAccess access, MeterRegistry meters) {
        this.integration = integration;
        this.access = access;
        this.meters = meters;
    }

    @RequestMapping(params = "action=postMeasurepoint", method = RequestMethod.POST, consumes = "multipart/form-data")
    public CompletableFuture<ApiBatchResponse> postMeasurepoint(@RequestParam String orgId,
                                                                @RequestPart("enos-message") String message) {
        return measurepoints(orgId, parse(message));
    }

    @RequestMapping(params = "action=postMeasurepoint", method = RequestMethod.POST)
    public CompletableFuture<ApiBatchResponse> postMeasurepointJson(@RequestParam String orgId,
                                                                    @RequestBody Map<String, Object> message) {
        return measurepoints(orgId, message);
    }

    @RequestMapping(params = "action=postEvent", method = RequestMethod.POST, consumes = "multipart/form-data")
    public CompletableFuture<ApiBatchResponse> postEvent(@RequestParam String orgId,
                                                         @RequestPart("enos-message") String message) {
        return events(orgId, parse(message));
    }

    @RequestMapping(params = "action=postEvent", method = RequestMethod.POST)
    public CompletableFuture<ApiBatchResponse> postEventJson(@RequestParam String orgId,
                                                             @RequestBody Map<String, Object> message) {
        return events(orgId, message);
    }

    @RequestMapping(params = "action=postAttribute", method = RequestMethod.POST, consumes = "multipart/form-data")
    public CompletableFuture<ApiBatchResponse> postAttribute(@RequestParam String orgId,
                                                             @RequestPart("enos-message") String message) {
        return attributes(orgId, parse(message));
    }

    @RequestMapping(params = "action=postAttribute", method = RequestMethod.POST)
    public CompletableFuture<ApiBatchResponse> postAttributeJson(@RequestParam String orgId,
                                                                 @RequestBody Map<String, Object> message) {
        return attributes(orgId, message);
    }

    private CompletableFuture<ApiBatchResponse> measurepoints(String orgId, Map<String, Object> message) {
        access.requireWrite(orgId);
        return integration.postMeasurepoints(orgId, null, items(message), Mode.PER_ITEM)
                .thenApply(r -> answer("measurepoint", r));
    }

    private CompletableFuture<ApiBatchResponse> events(String orgId, Map<String, Object> message) {
        access.requireWrite(orgId);
        return integration.postEvents(orgId, null, items(message), Mode.PER_ITEM).thenApply(r -> answer("event", r));
    }

    private CompletableFuture<ApiBatchResponse> attributes(String orgId, Map<String, Object> message) {
        access.requireWrite(orgId);
        return integration.postAttributes(orgId, null, items(message), Mode.PER_ITEM)
                .thenApply(r -> answer("attribute", r));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String message) {
        try {
            Object parsed = json.readValue(message, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JacksonException e) {
            // answered below
        }
        throw OpenEnosException.badArgument("enos-message must be a JSON object {method, params:[…]}");
    }

    private static List<?> items(Map<String, Object> message) {
        if (message == null || !(message.get("params") instanceof List<?> items)) {
            throw OpenEnosException.badArgument("params must be an array of items");
        }
        if (items.size() > IntegrationService.MAX_ITEMS) {
            throw OpenEnosException.badArgument("at most " + IntegrationService.MAX_ITEMS + " items per request");
        }
        return items;
    }

    private ApiBatchResponse answer(String kind, List<ItemResult> results) {
        List<ApiBatchResponse.Item> items = new ArrayList<>(results.size());
        for (ItemResult r : results) {
            Map<String, Object> device = new LinkedHashMap<>();
            if (r.device() != null) {
                device.put("assetId", r.device().assetId());
                device.put("productKey", r.device().productKey());
                device.put("deviceKey", r.device().deviceKey());
            }
            items.add(r.ok() ? ApiBatchResponse.Item.ok(device)
                    : new ApiBatchResponse.Item(r.error().enosCode(), r.message(), device.isEmpty() ? null : device));
            meters.counter("openenos.integration.items", "kind", kind, "channel", "http", "result",
                    r.ok() ? "accepted" : "refused").increment();
        }
        return ApiBatchResponse.of(items);
    }
}
