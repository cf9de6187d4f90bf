package org.openenos.connectivity.upstream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.openenos.connectivity.FirmwareUpdates;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.protocol.DeviceReply;

/**
 * The device side of firmware upgrades (reference enos-ota §1): {@code ota.device.inform {version}},
 * {@code ota.device.progress {step, desc}} and {@code ota.device.getversion {}}, handed to whatever
 * {@link FirmwareUpdates} is attached (read on every request: the OTA context is wired after the gateway).
 */
final class OtaHandlers {
    private static final int MAX_TEXT = 256;

    private OtaHandlers() {
    }

    static UpstreamHandler inform(Supplier<FirmwareUpdates> updates) {
        return context -> {
            String version = text(params(context).get("version"), "version");
            if (version == null || version.isBlank()) {
                throw new OpenEnosException(ErrorCode.DEVICE_PAYLOAD_FORMAT, "params.version is required");
            }
            updates.get().versionReported(context.target(), version.strip());
            return done(context.ok(Map.of()));
        };
    }

    static UpstreamHandler progress(Supplier<FirmwareUpdates> updates) {
        return context -> {
            Map<String, Object> params = params(context);
            String step = text(params.get("step"), "step");
            if (step == null || step.isBlank()) {
                throw new OpenEnosException(ErrorCode.DEVICE_PAYLOAD_FORMAT, "params.step is required");
            }
            int code = updates.get().progressReported(context.target(), step.strip(), text(params.get("desc"), "desc"));
            return done(code == 0 ? context.ok(Map.of())
                    : DeviceReply.error(context.request().id(), code, code == FirmwareUpdates.TASK_NOT_FOUND
                    ? "Device task not found" : "Device task not start"));
        };
    }

    static UpstreamHandler getVersion(Supplier<FirmwareUpdates> updates) {
        return context -> done(context.ok(updates.get().availableUpgrades(context.target())));
    }

    private static Map<String, Object> params(UpstreamContext context) {
        Object params = context.request().params();
        return params == null ? Map.of() : Params.object(params, ErrorCode.DEVICE_PAYLOAD_FORMAT, "params");
    }

    /** Steps and versions are strings in the SDK; a number is taken as its text. */
    private static String text(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String) && !(value instanceof Number)) {
            throw new OpenEnosException(ErrorCode.DEVICE_PAYLOAD_FORMAT, "params." + field + " must be a string");
        }
        String s = value.toString();
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
    }

    private static CompletableFuture<DeviceReply> done(DeviceReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
