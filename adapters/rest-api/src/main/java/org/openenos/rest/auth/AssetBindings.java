package org.openenos.rest.auth;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.registry.AssetScopes.Owned;
import org.openenos.rest.auth.AssetBinding.BodyAssets;
import org.openenos.rest.auth.AssetBinding.BodyDevice;
import org.openenos.rest.auth.AssetBinding.BodyOwned;
import org.openenos.rest.auth.AssetBinding.QueryAssets;
import org.openenos.rest.auth.AssetBinding.QueryDevice;
import org.openenos.rest.auth.AssetBinding.QueryOwned;
import org.openenos.rest.auth.AssetBinding.QuerySubscription;
import org.openenos.rest.auth.AssetBinding.Ref;
import org.openenos.rest.command.CommandController;
import org.openenos.rest.connect.CertificateController;
import org.openenos.rest.connect.ConnectionEventController;
import org.openenos.rest.connect.DeviceEventController;
import org.openenos.rest.connect.DeviceFileController;
import org.openenos.rest.connect.DeviceLogController;
import org.openenos.rest.connect.LatestMeasurepointController;
import org.openenos.rest.event.AlertController;
import org.openenos.rest.live.LiveController;
import org.openenos.rest.registry.AssetController;
import org.openenos.rest.registry.AssetTreeController;
import org.openenos.rest.registry.DeviceController;
import org.openenos.rest.registry.DeviceTopoController;
import org.openenos.rest.subscription.SubscriptionController;
import org.openenos.rest.tsdb.TsdbController;
import org.openenos.rest.tsdb.TsdbExportController;

/**
 * Which request parameters and body fields bind the assets each asset-bound operation acts on, beside
 * {@link RoutePermissions} and keyed the same way (controller method). An asset-bound operation missing here is
 * refused to a caller whose grant covers parts of asset trees only (fail closed): it is added here once it is known
 * where it finds its assets, or once it filters by scope in its own query.
 */
public final class AssetBindings {
    private static final Ref ASSET_ID = new QueryAssets("assetId");
    private static final Ref DEVICE = new QueryDevice();
    private static final Ref BODY_ASSET_ID = new BodyAssets("assetId");
    private static final Ref BODY_DEVICE = new BodyDevice("");
    private static final Ref BODY_ASSET_IDS = new BodyAssets("assetIds");

    private final Map<String, AssetBinding> table = new HashMap<>();

    public AssetBindings() {
        // devices and their records: by asset id or by product and device key
        bind(DeviceController.class, "get,update,delete,enable,disable,replaceDevice", ASSET_ID, DEVICE);
        filtered(DeviceController.class, "search", new BodyAssets("gatewayAssetId"));
        bind(DeviceTopoController.class, "search,gateway", ASSET_ID, DEVICE);
        bind(DeviceTopoController.class, "add,remove", ASSET_ID, DEVICE, new BodyAssets("subDevices[].assetId"),
                new BodyDevice("subDevices[]"));
        bind(CertificateController.class, "apply,renew,list,revoke", ASSET_ID, DEVICE);
        filtered(ConnectionEventController.class, "search", BODY_ASSET_ID, BODY_DEVICE);
        filtered(DeviceLogController.class, "search", BODY_ASSET_ID, BODY_DEVICE);
        filtered(DeviceEventController.class, "search", BODY_ASSET_ID, BODY_DEVICE);
        bind(DeviceEventController.class, "get", new QueryOwned("eventId", Owned.DEVICE_EVENT));
        bind(DeviceFileController.class, "upload", ASSET_ID, DEVICE);
        bind(DeviceFileController.class, "download,delete", new QueryOwned("fileUri", Owned.DEVICE_FILE));
        bind(LatestMeasurepointController.class, "queryLatest", ASSET_ID, DEVICE);
        // commands: sent to a device, then found by their id
        bind(CommandController.class, "invokeService,setMeasurepoint", ASSET_ID, DEVICE);
        bind(CommandController.class, "get,cancel", new QueryOwned("commandId", Owned.COMMAND));
        filtered(CommandController.class, "search", BODY_ASSET_ID, BODY_DEVICE);
        // assets and trees: a node and the parent it goes under
        bind(AssetController.class, "get,update", ASSET_ID);
        bind(AssetController.class, "search", BODY_ASSET_IDS);
        filtered(AssetTreeController.class, "getTree,searchTrees");
        bind(AssetTreeController.class, "deleteNode,paths", ASSET_ID);
        bind(AssetTreeController.class, "createAsset,searchAsset,getAssetTree", new QueryAssets("parentAssetId"));
        bind(AssetTreeController.class, "associate,move", ASSET_ID, new QueryAssets("parentAssetId", true));
        // time series
        bind(TsdbController.class, "raw,ai,di,diDuration,electricPower,electricPowerCurrentDay,latestFilter,generic,"
                + "aiNormalized,latest", BODY_ASSET_IDS);
        bind(TsdbExportController.class, "export", BODY_ASSET_IDS);
        bind(LiveController.class, "measurepoints", new QueryAssets("assetIds"));
        // alerts: raised on an asset, then found by their event id
        bind(AlertController.class, "createActive,createHistory", new BodyAssets("alert.assetId"),
                new BodyOwned("alert.eventId", Owned.ALERT, true));
        bind(AlertController.class, "batchCreateActive,batchCreateHistory", new BodyAssets("alerts[].assetId"),
                new BodyOwned("alerts[].eventId", Owned.ALERT, true));
        bind(AlertController.class, "updateActiveTags,updateHistoryTags", new QueryOwned("eventId", Owned.ALERT));
        bind(AlertController.class, "batchUpdateActiveTags", new BodyOwned("alerts[].eventId", Owned.ALERT, false));
        bind(AlertController.class, "close,delete,acknowledge", new QueryOwned("eventId", Owned.ALERT),
                new BodyOwned("eventId", Owned.ALERT, false), new BodyOwned("eventIds", Owned.ALERT, false));
        filtered(AlertController.class, "searchActive,searchHistory,aggregate", BODY_ASSET_ID,
                new BodyAssets("scope.fromAssetId"));
        // not asset-bound, but restricted to the assets named: a subscription is delivered the records of the assets
        // of its filter only (SubscriptionIndex), so a scoped holder creates one naming assets of its scope
        bind(SubscriptionController.class, "create", new BodyAssets("filter.assetIds"));
        // changed, deleted or given a new secret by a scoped holder when the assets it names and those of the new
        // filter all lie within the scope (the same rule as create)
        bind(SubscriptionController.class, "update", new QuerySubscription("subId"),
                new BodyAssets("filter.assetIds", true));
        bind(SubscriptionController.class, "delete,rotateSecret", new QuerySubscription("subId"));
    }

    /** Where the handler's requests name their assets; empty when not declared (refused to scoped callers). */
    public Optional<AssetBinding> of(Method handler) {
        return Optional.ofNullable(table.get(RoutePermissions.key(handler.getDeclaringClass(), handler.getName())));
    }

    public Map<String, AssetBinding> declared() {
        return Collections.unmodifiableMap(table);
    }

    private void bind(Class<?> controller, String methods, Ref... refs) {
        put(controller, methods, new AssetBinding(List.of(refs), false));
    }

    private void filtered(Class<?> controller, String methods, Ref... refs) {
        put(controller, methods, new AssetBinding(List.of(refs), true));
    }

    private void put(Class<?> controller, String methods, AssetBinding binding) {
        for (String m : methods.split(",")) {
            if (table.putIfAbsent(RoutePermissions.key(controller, m.trim()), binding) != null) {
                throw new IllegalStateException("bound twice: " + RoutePermissions.key(controller, m.trim()));
            }
        }
    }

}
