package org.openenos.rest.connect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.registry.ModelService;
import org.openenos.registry.ProductService;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.DeviceLocator;
import org.openenos.timeseries.TsdbLatestQuery;
import org.openenos.timeseries.TsdbQueryService;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /connect-service/v2.1/measurepoints?action=queryLatest&orgId&(assetId | productKey&deviceKey)}, EnOS
 * "Get Latest Measurement Points" (reference §6.2): body {@code {measurepointIds?}} (an array or a comma-separated
 * string; absent means every measure point of the device's model) → {@code [{id, time, value, quality?}]}, one item
 * per point that has a value. It reads the same latest-value cache as {@code /tsdb-service/v2.1/latest}.
 */
@RestController
@RequestMapping("/connect-service/v2.1/measurepoints")
public class LatestMeasurepointController {
    public record QueryLatestBody(Object measurepointIds) {
    }

    private final TsdbQueryService queries;
    private final DeviceLocator locator;
    private final ProductService products;
    private final ModelService models;
    private final ApiAccess access;

    public LatestMeasurepointController(TsdbQueryService queries, DeviceLocator locator, ProductService products,
                                        ModelService models, ApiAccess access) {
        this.queries = queries;
        this.locator = locator;
        this.products = products;
        this.models = models;
        this.access = access;
    }

    @RequestMapping(params = "action=queryLatest", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse queryLatest(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                                   @RequestParam(required = false) String productKey,
                                   @RequestParam(required = false) String deviceKey,
                                   @RequestBody(required = false) QueryLatestBody body) {
        access.requireRead(orgId);
        Device device = locator.find(orgId, assetId, productKey, deviceKey);
        List<String> points = pointIds(body == null ? null : body.measurepointIds());
        if (points.isEmpty()) {
            String modelId = products.get(orgId, device.productKey()).modelId();
            points = models.resolved(orgId, modelId).map(m -> List.copyOf(m.measurepoints().keySet()))
                    .orElse(List.of());
        }
        var latest = queries.latest(new TsdbLatestQuery(orgId, List.of(device.assetId()), points, null, false));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> row : latest.items()) {
            var item = new java.util.LinkedHashMap<String, Object>();
            item.put("id", row.get("pointId"));
            item.put("time", row.get("timestamp"));
            item.put("value", row.get("value"));
            if (row.containsKey("quality")) {
                item.put("quality", row.get("quality"));
            }
            items.add(item);
        }
        return ApiResponse.ok(items);
    }

    private static List<String> pointIds(Object ids) {
        return switch (ids) {
            case null -> List.of();
            case String text -> Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            case List<?> list -> list.stream().map(String::valueOf).map(String::strip).filter(s -> !s.isEmpty())
                    .toList();
            default -> throw OpenEnosException.badArgument("measurepointIds must be an array or a comma-separated string");
        };
    }
}
