package org.openenos.connectivity.upstream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.protocol.DeviceReply;

/** {@code combine.login}: a gateway logs in one sub-device → {@code {productKey, deviceKey, assetId, deviceSecret?}}. */
public final class CombineLoginHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;
    private final SubDeviceAuthenticator authenticator;

    public CombineLoginHandler(ConnectivityPorts ports) {
        this.ports = ports;
        this.authenticator = new SubDeviceAuthenticator(ports);
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        GatewayOnly.check(context);
        ErrorCode format = ErrorCode.DEVICE_PAYLOAD_FORMAT;
        Map<String, Object> params = Params.object(context.request().params(), format, "params");
        var credentials = new SubDeviceAuthenticator.Credentials(Params.string(params, "productKey", format),
                Params.string(params, "deviceKey", format), Params.optionalString(params, "secureMode"),
                Params.optionalString(params, "clientId"), Params.optionalString(params, "timestamp"),
                signMethod(params), Params.string(params, "sign", format), Params.optionalString(params, "cleanSession"));
        var login = authenticator.authenticate(context.session(), credentials);
        if (!ports.sessions().attachSubDevice(context.session(), login.device())) {
            throw new OpenEnosException(ErrorCode.DEVICE_SUB_DEVICE_NOT_PERMITTED, "too many sub-devices online");
        }
        return CompletableFuture.completedFuture(context.ok(describe(login)));
    }

    static Map<String, Object> describe(SubDeviceAuthenticator.SubDeviceLogin login) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("productKey", login.device().productKey());
        data.put("deviceKey", login.device().deviceKey());
        data.put("assetId", login.device().assetId());
        if (login.secret() != null) {
            data.put("deviceSecret", login.secret());
        }
        return data;
    }

    /** The SDK sends {@code signMethod}; the docs' example spells it {@code signmethod}. */
    static String signMethod(Map<String, Object> params) {
        String method = Params.optionalString(params, "signMethod");
        return method != null ? method : Params.optionalString(params, "signmethod");
    }
}
