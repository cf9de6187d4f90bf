package org.openenos.connectivity.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.ResponseCodes;

/**
 * {@code combine.login.batch}: every sub-device sign uses the shared clientId and timestamp. The reply lists
 * {@code loginedSubDevices} and {@code failedSubDevices}; its code is 200 only when all succeed, otherwise the code
 * of the last failure with the message {@code "pk&dk has error: …;"} per failure (reference §3.1).
 */
public final class CombineLoginBatchHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;
    private final SubDeviceAuthenticator authenticator;

    public CombineLoginBatchHandler(ConnectivityPorts ports) {
        this.ports = ports;
        this.authenticator = new SubDeviceAuthenticator(ports);
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        GatewayOnly.check(context);
        ErrorCode format = ErrorCode.DEVICE_PAYLOAD_FORMAT;
        Map<String, Object> params = Params.object(context.request().params(), format, "params");
        String clientId = Params.optionalString(params, "clientId");
        String timestamp = Params.optionalString(params, "timestamp");
        String signMethod = CombineLoginHandler.signMethod(params);
        List<Object> logged = new ArrayList<>();
        List<Object> failed = new ArrayList<>();
        StringBuilder message = new StringBuilder();
        int code = ResponseCodes.SUCCESS;
        for (Object item : Params.list(params.get("subDevices"), format, "params.subDevices")) {
            Map<String, Object> sub = Params.object(item, format, "sub-device");
            String productKey = Params.string(sub, "productKey", format);
            String deviceKey = Params.string(sub, "deviceKey", format);
            try {
                var login = authenticator.authenticate(context.session(), new SubDeviceAuthenticator.Credentials(
                        productKey, deviceKey, Params.optionalString(sub, "secureMode"), clientId, timestamp,
                        signMethod, Params.string(sub, "sign", format), null));
                if (!ports.sessions().attachSubDevice(context.session(), login.device())) {
                    throw new OpenEnosException(ErrorCode.DEVICE_SUB_DEVICE_NOT_PERMITTED, "too many sub-devices online");
                }
                logged.add(CombineLoginHandler.describe(login));
            } catch (OpenEnosException e) {
                failed.add(Map.of("productKey", productKey, "deviceKey", deviceKey));
                code = e.code().enosCode();
                message.append(productKey).append('&').append(deviceKey).append(" has error: ")
                        .append(e.getMessage()).append(';');
            }
        }
        Map<String, Object> data = Map.of("loginedSubDevices", logged, "failedSubDevices", failed);
        return CompletableFuture.completedFuture(new DeviceReply(context.request().id(), code, data, message.toString()));
    }
}
