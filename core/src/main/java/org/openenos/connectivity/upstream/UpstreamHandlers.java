package org.openenos.connectivity.upstream;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.DeviceLog;
import org.openenos.connectivity.EdgeReports;
import org.openenos.connectivity.FirmwareUpdates;
import org.openenos.connectivity.MeasurepointValidator;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.connectivity.integration.IntegrationService;
import org.openenos.protocol.TopicKind;

/** The routing table: which use case answers each device → cloud topic kind. */
public final class UpstreamHandlers {
    private UpstreamHandlers() {
    }

    public static Map<TopicKind, UpstreamHandler> standard(ConnectivityPorts ports) {
        return standard(ports, () -> FirmwareUpdates.NONE);
    }

    /** With the OTA topics answered by {@code firmware} (looked up per request). */
    public static Map<TopicKind, UpstreamHandler> standard(ConnectivityPorts ports,
                                                           Supplier<FirmwareUpdates> firmware) {
        return standard(ports, firmware, new IntegrationService(ports));
    }

    /** With the integration topics served by {@code integration}, the one the HTTP integration API uses too. */
    public static Map<TopicKind, UpstreamHandler> standard(ConnectivityPorts ports, Supplier<FirmwareUpdates> firmware,
                                                           IntegrationService integration) {
        return standard(ports, firmware, integration, () -> EdgeReports.NONE);
    }

    /** With the edges' status reports ({@code edge.status.post}) handed to {@code edgeReports}. */
    public static Map<TopicKind, UpstreamHandler> standard(ConnectivityPorts ports, Supplier<FirmwareUpdates> firmware,
                                                           IntegrationService integration,
                                                           Supplier<EdgeReports> edgeReports) {
        MeasurepointValidator validator = new MeasurepointValidator();
        Map<TopicKind, UpstreamHandler> table = new EnumMap<>(TopicKind.class);
        UpstreamHandler post = new MeasurepointPostHandler(ports, validator);
        UpstreamHandler batch = new MeasurepointBatchHandler(ports, validator);
        table.put(TopicKind.MEASUREPOINT_POST, post);
        table.put(TopicKind.MEASUREPOINT_RESUME, post);
        table.put(TopicKind.MEASUREPOINT_POST_BATCH, batch);
        table.put(TopicKind.MEASUREPOINT_RESUME_BATCH, batch);
        table.put(TopicKind.EVENT_POST, new EventPostHandler(ports));
        table.put(TopicKind.ATTRIBUTE_UPDATE, new AttributeUpdateHandler(ports));
        table.put(TopicKind.ATTRIBUTE_QUERY, new AttributeQueryHandler(ports));
        table.put(TopicKind.ATTRIBUTE_DELETE, new AttributeDeleteHandler(ports));
        table.put(TopicKind.TAG_UPDATE, new TagUpdateHandler(ports));
        table.put(TopicKind.TAG_QUERY, new TagQueryHandler(ports));
        table.put(TopicKind.TAG_DELETE, new TagDeleteHandler(ports));
        table.put(TopicKind.TSL_TEMPLATE_GET, new TslTemplateGetHandler(ports));
        table.put(TopicKind.DEVICE_REGISTER, new DeviceRegisterHandler(ports));
        table.put(TopicKind.TOPO_ADD, new TopoAddHandler(ports));
        table.put(TopicKind.TOPO_DELETE, new TopoDeleteHandler(ports));
        table.put(TopicKind.TOPO_GET, new TopoGetHandler(ports));
        table.put(TopicKind.COMBINE_LOGIN, new CombineLoginHandler(ports));
        table.put(TopicKind.COMBINE_LOGIN_BATCH, new CombineLoginBatchHandler(ports));
        table.put(TopicKind.COMBINE_LOGOUT, new CombineLogoutHandler(ports));
        UpstreamHandler acknowledge = new AcknowledgeHandler(Map.of());
        table.put(TopicKind.OTA_INFORM, OtaHandlers.inform(firmware));
        table.put(TopicKind.OTA_PROGRESS, OtaHandlers.progress(firmware));
        table.put(TopicKind.OTA_GET_VERSION, OtaHandlers.getVersion(firmware));
        table.put(TopicKind.LOG_POST, new DeviceLogPostHandler(ports, DeviceLog.Kind.LOG));
        table.put(TopicKind.NETWORK_STATUS_REPORT, new DeviceLogPostHandler(ports, DeviceLog.Kind.NETWORK_STATUS));
        table.put(TopicKind.CONNECTION_STATE_POST, acknowledge);
        table.put(TopicKind.EDGE_STATUS_POST, context -> {
            Object params = context.request().params();
            edgeReports.get().statusReported(context.session().device(), params == null ? Map.of()
                    : org.openenos.connectivity.Params.object(params,
                            org.openenos.error.ErrorCode.DEVICE_PAYLOAD_FORMAT, "params"));
            return java.util.concurrent.CompletableFuture.completedFuture(context.ok(Map.of()));
        });
        table.put(TopicKind.INTEGRATION_MEASUREPOINT_POST,
                new IntegrationHandler(integration, IntegrationHandler.Kind.MEASUREPOINTS));
        table.put(TopicKind.INTEGRATION_EVENT_POST, new IntegrationHandler(integration, IntegrationHandler.Kind.EVENTS));
        table.put(TopicKind.INTEGRATION_ATTRIBUTE_POST,
                new IntegrationHandler(integration, IntegrationHandler.Kind.ATTRIBUTES));
        return table;
    }
}
