package org.openenos.connectivity.upstream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.connectivity.integration.IntegrationService;
import org.openenos.connectivity.integration.IntegrationService.ItemResult;
import org.openenos.connectivity.integration.IntegrationService.Mode;
import org.openenos.error.ErrorCode;
import org.openenos.protocol.DeviceReply;

/**
 * {@code integration.measurepoint|event|attribute.post} on {@code /sys/{pk}/integration/*} (reference §3.1), for a
 * session logged in with secure mode 4: {@code params} is an array of items for devices of the channel's
 * organization. As EnOS documents, one bad item fails the whole request with the first error, and nothing is stored.
 */
public final class IntegrationHandler implements UpstreamHandler {
    public enum Kind { MEASUREPOINTS, EVENTS, ATTRIBUTES }

    private final IntegrationService integration;
    private final Kind kind;

    public IntegrationHandler(IntegrationService integration, Kind kind) {
        this.integration = integration;
        this.kind = kind;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        List<Object> items = Params.list(context.request().params(), ErrorCode.DEVICE_PAYLOAD_FORMAT, "params");
        String orgId = context.session().device().orgId();
        String productKey = context.route().productKey();
        var results = switch (kind) {
            case MEASUREPOINTS -> integration.postMeasurepoints(orgId, productKey, items, Mode.ALL_OR_NOTHING);
            case EVENTS -> integration.postEvents(orgId, productKey, items, Mode.ALL_OR_NOTHING);
            case ATTRIBUTES -> integration.postAttributes(orgId, productKey, items, Mode.ALL_OR_NOTHING);
        };
        return results.thenApply(list -> list.stream().filter(r -> !r.ok()).findFirst()
                .map(bad -> context.error(bad.error(), "item " + bad.index() + ": " + bad.message()))
                .orElseGet(() -> context.ok(Map.of())));
    }
}
