package org.openenos.rest.auth;

import static org.openenos.model.identity.Permission.Resource.ALERTS;
import static org.openenos.model.identity.Permission.Resource.ASSETS;
import static org.openenos.model.identity.Permission.Resource.AUDIT;
import static org.openenos.model.identity.Permission.Resource.COMMANDS;
import static org.openenos.model.identity.Permission.Resource.DASHBOARDS;
import static org.openenos.model.identity.Permission.Resource.DEVICES;
import static org.openenos.model.identity.Permission.Resource.FIRMWARE;
import static org.openenos.model.identity.Permission.Resource.JOBS;
import static org.openenos.model.identity.Permission.Resource.MODELS;
import static org.openenos.model.identity.Permission.Resource.ORGANIZATION;
import static org.openenos.model.identity.Permission.Resource.PRODUCTS;
import static org.openenos.model.identity.Permission.Resource.SUBSCRIPTIONS;
import static org.openenos.model.identity.Permission.Resource.TIMESERIES;
import static org.openenos.model.identity.Permission.Resource.USERS;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.Permission.Resource;
import org.openenos.rest.batch.FederationController;
import org.openenos.rest.batch.FlowController;
import org.openenos.rest.batch.FlowInstanceController;
import org.openenos.rest.command.CommandController;
import org.openenos.rest.connect.CertificateController;
import org.openenos.rest.connect.ConnectionEventController;
import org.openenos.rest.connect.DeviceEventController;
import org.openenos.rest.connect.DeviceFileController;
import org.openenos.rest.connect.DeviceLogController;
import org.openenos.rest.edge.EdgeConfigController;
import org.openenos.rest.connect.IntegrationController;
import org.openenos.rest.connect.LatestMeasurepointController;
import org.openenos.rest.dashboard.DashboardController;
import org.openenos.rest.portal.PortalController;
import org.openenos.rest.device.DeviceCertificateController;
import org.openenos.rest.device.HttpDeviceController;
import org.openenos.rest.device.HttpDeviceFileController;
import org.openenos.rest.event.AlertController;
import org.openenos.rest.event.AlertNotificationController;
import org.openenos.rest.event.AlertRuleController;
import org.openenos.rest.event.CatalogController;
import org.openenos.rest.iam.AppPortalController;
import org.openenos.rest.iam.EnosIamController;
import org.openenos.rest.iam.IamController;
import org.openenos.rest.iam.RoleController;
import org.openenos.rest.iam.TokenController;
import org.openenos.rest.iam.TwoFactorController;
import org.openenos.rest.live.LiveController;
import org.openenos.rest.ota.FirmwareController;
import org.openenos.rest.ota.FirmwareDownloadController;
import org.openenos.rest.ota.OtaJobController;
import org.openenos.rest.registry.AssetController;
import org.openenos.rest.registry.AssetTreeController;
import org.openenos.rest.registry.DeviceController;
import org.openenos.rest.registry.DeviceTopoController;
import org.openenos.rest.registry.ModelController;
import org.openenos.rest.registry.ProductController;
import org.openenos.rest.registry.ProductScriptController;
import org.openenos.rest.sso.SsoProviderController;
import org.openenos.rest.sso.SsoSignInController;
import org.openenos.rest.reporting.ExportController;
import org.openenos.rest.streaming.StreamingController;
import org.openenos.rest.streaming.StreamingOpsController;
import org.openenos.rest.subscription.SubscriptionController;
import org.openenos.rest.tsdb.TsdbController;
import org.openenos.rest.tsdb.TsdbExportController;
import org.openenos.rest.tsdb.TsdbPolicyController;

/**
 * The permission every operation of the API requires, in one table: controller method → {@link Requirement}.
 * {@link AuthorizationInterceptor} checks it before the controller runs, the API document states it
 * ({@code x-openenos-permission}), and a handler missing from here is refused (fail closed). Controllers still
 * check the organization of what they touch ({@code ApiAccess}) and apply the caller's asset scope to queries; where
 * an asset-bound operation names its assets is declared beside this table, in {@link AssetBindings}.
 */
public final class RoutePermissions {
    private static final Requirement OPEN = new Requirement.Open();
    private static final Requirement SIGNED_IN = new Requirement.SignedIn();
    private static final Requirement SUPER_ADMIN = new Requirement.SuperAdmin();

    private final Map<String, Requirement> table = new HashMap<>();

    public RoutePermissions() {
        // registry
        resource(ModelController.class, MODELS, "create,update,delete", "get,search");
        resource(ProductController.class, PRODUCTS, "create,update,delete", "get,search");
        resource(ProductScriptController.class, PRODUCTS, "set,test,delete", "get");
        resource(DeviceController.class, DEVICES, "create,batchCreate,update,delete,enable,disable,replaceDevice",
                "get,search");
        resource(DeviceTopoController.class, DEVICES, "add,remove", "search,gateway");
        resource(AssetController.class, ASSETS, "update", "get,search");
        resource(AssetTreeController.class, ASSETS, "createTree,updateTree,deleteTree,createAsset,associate,move,"
                + "deleteNode", "getTree,searchTrees,searchAsset,getAssetTree,paths");
        // connect: device-side records and channels
        resource(CertificateController.class, DEVICES, "apply,renew,revoke", "list");
        on(CertificateController.class, "caCertificate", OPEN); // the device CA certificate is public
        resource(ConnectionEventController.class, DEVICES, "", "search");
        resource(DeviceEventController.class, DEVICES, "", "get,search");
        resource(DeviceFileController.class, DEVICES, "upload,delete", "download");
        resource(DeviceLogController.class, DEVICES, "", "search");
        resource(IntegrationController.class, TIMESERIES, "postMeasurepoint,postMeasurepointJson,postEvent,"
                + "postEventJson,postAttribute,postAttributeJson", "");
        resource(LatestMeasurepointController.class, TIMESERIES, "", "queryLatest");
        resource(CommandController.class, COMMANDS, "invokeService,setMeasurepoint,cancel", "get,search");
        // edge gateways managed from the cloud (ADR 0059)
        resource(EdgeConfigController.class, DEVICES, "save,push", "get,list,validate,status");
        // time series
        resource(TsdbController.class, TIMESERIES, "", "raw,ai,di,diDuration,electricPower,"
                + "electricPowerCurrentDay,latestFilter,generic,aiNormalized");
        on(TsdbController.class, "latest", new Requirement.ByAction(Permission.read(TIMESERIES),
                Map.of("delete", Permission.write(TIMESERIES))));
        resource(TsdbExportController.class, TIMESERIES, "", "export");
        resource(LiveController.class, TIMESERIES, "", "measurepoints");
        resource(TsdbPolicyController.class, ORGANIZATION, "group", "metadata,policy");
        on(TsdbPolicyController.class, "save", new Requirement.ByBody(Permission.read(ORGANIZATION),
                Permission.write(ORGANIZATION))); // a POST without a body reads the policy
        on(TsdbPolicyController.class, "groups", new Requirement.ByAction(Permission.read(ORGANIZATION),
                Map.of("create", Permission.write(ORGANIZATION))));
        // alerts
        resource(AlertController.class, ALERTS, "createActive,createHistory,batchCreateActive,batchCreateHistory,"
                + "updateActiveTags,updateHistoryTags,batchUpdateActiveTags,close,delete,acknowledge",
                "searchActive,searchHistory,aggregate");
        resource(AlertNotificationController.class, ALERTS, "", "searchDeadLetters");
        resource(AlertRuleController.class, ALERTS, "create,update,delete,preview", "get,search");
        resource(CatalogController.class, ALERTS, "create,update,delete", "get,search");
        // dashboards, jobs, subscriptions, firmware
        resource(DashboardController.class, DASHBOARDS, "create,update,delete", "get,search");
        resource(FlowController.class, JOBS, "save,delete,enable,disable,trigger,backfill", "get,search");
        resource(FlowInstanceController.class, JOBS, "cancel,rerun", "search,get,task,log");
        resource(FederationController.class, JOBS, "", "list,read");
        resource(FederationController.class, ORGANIZATION, "register,delete", "");
        resource(ExportController.class, JOBS, "save,delete,run", "get,list,runs,runOf,download");
        resource(StreamingController.class, JOBS, "create,operate,resetOffset", "list,get,offsetLag,stageState");
        resource(StreamingOpsController.class, JOBS, "importJob", "dryRunDefinition,dryRunJob,versions,version,"
                + "export");
        resource(SubscriptionController.class, SUBSCRIPTIONS, "create,update,delete,rotateSecret", "get,search,lag");
        resource(FirmwareController.class, FIRMWARE, "create,delete", "get,search,listVersion,searchDeviceUpgrade,"
                + "download");
        resource(OtaJobController.class, FIRMWARE, "create,start,stop,cancel,delete,cancelTask,retryTask",
                "get,search,searchTask,previewTargets");
        // identity and access
        resource(IamController.class, USERS, "createUser,updateUser,deleteUser,createApplication,rotate,"
                + "deleteApplication", "searchUsers,getUser,searchApplications");
        resource(IamController.class, ORGANIZATION, "updateOrganization", "getOrganization");
        resource(IamController.class, AUDIT, "", "auditLogs");
        resource(RoleController.class, USERS, "create,update,delete,assign,unassign", "search,get,assignments");
        on(RoleController.class, "mine", SIGNED_IN);
        // the portal: the caller's own preferences and the server's map tiles
        for (String m : new String[] {"getPreferences", "putPreferences", "settings"}) {
            on(PortalController.class, m, SIGNED_IN);
        }
        for (String m : new String[] {"changeOwnPassword", "logout", "me", "searchOrganizations"}) {
            on(IamController.class, m, SIGNED_IN);
        }
        on(IamController.class, "createOrganization", SUPER_ADMIN);
        on(IamController.class, "deleteOrganization", SUPER_ADMIN);
        on(IamController.class, "login", OPEN);
        // the TOTP second factor (ADR 0034): enrolling proves the password in the body, like sign-in
        on(TwoFactorController.class, "enrolTotp", OPEN);
        on(TwoFactorController.class, "confirmTotp", OPEN);
        on(TwoFactorController.class, "disableTotp", SIGNED_IN);
        on(TwoFactorController.class, "getTotp", SIGNED_IN);
        resource(TwoFactorController.class, USERS, "resetTotp", "");
        resource(TwoFactorController.class, ORGANIZATION, "requireTotp", "");
        // single sign-on (ADR 0035) and the EnOS IAM v2.0 / app-portal shapes (ADR 0036)
        resource(SsoProviderController.class, USERS, "create,update,delete", "get,search");
        resource(SsoProviderController.class, ORGANIZATION, "updatePolicy", "policy");
        openAll(SsoSignInController.class); // the browser flow: the state is the credential
        on(EnosIamController.class, "login", OPEN);
        for (String m : new String[] {"sessionInfo", "organization", "userOrganizations"}) {
            on(EnosIamController.class, m, SIGNED_IN);
        }
        on(AppPortalController.class, "check", SIGNED_IN); // answers false for what the caller may not see
        resource(AppPortalController.class, USERS, "", "list");
        // endpoints with their own authentication: tokens, devices over HTTP, firmware download links
        openAll(TokenController.class);
        openAll(HttpDeviceController.class);
        openAll(HttpDeviceFileController.class);
        openAll(DeviceCertificateController.class);
        openAll(FirmwareDownloadController.class);
    }

    /** What the handler requires; empty when it is not declared (the interceptor refuses it then). */
    public Optional<Requirement> of(Method handler) {
        return Optional.ofNullable(table.get(key(handler.getDeclaringClass(), handler.getName())));
    }

    /** The declared operations, for the tests that compare them with the handlers. */
    public Map<String, Requirement> declared() {
        return Collections.unmodifiableMap(table);
    }

    public static String key(Class<?> controller, String method) {
        return controller.getSimpleName() + "." + method;
    }

    /** Methods named in {@code writes} need {@code resource:write}, those in {@code reads} {@code resource:read}. */
    private void resource(Class<?> controller, Resource resource, String writes, String reads) {
        for (String m : writes.split(",")) {
            if (!m.isBlank()) {
                on(controller, m.trim(), new Requirement.Needs(Permission.write(resource)));
            }
        }
        for (String m : reads.split(",")) {
            if (!m.isBlank()) {
                on(controller, m.trim(), new Requirement.Needs(Permission.read(resource)));
            }
        }
    }

    private void on(Class<?> controller, String method, Requirement requirement) {
        if (table.putIfAbsent(key(controller, method), requirement) != null) {
            throw new IllegalStateException("declared twice: " + key(controller, method));
        }
    }

    private void openAll(Class<?> controller) {
        for (Method m : controller.getDeclaredMethods()) {
            if (org.springframework.core.annotation.AnnotatedElementUtils.hasAnnotation(m,
                    org.springframework.web.bind.annotation.RequestMapping.class)) {
                table.putIfAbsent(key(controller, m.getName()), OPEN);
            }
        }
    }
}
