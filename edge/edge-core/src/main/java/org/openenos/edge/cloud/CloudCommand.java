package org.openenos.edge.cloud;

import java.util.Map;
import java.util.function.Consumer;

/**
 * A downstream command for a sub-device (reference §3.2): {@code setMeasurepoint} or {@code invokeService}; or, for
 * the gateway itself, a field configuration pushed from the cloud ({@code APPLY_CONFIG}, ADR 0059: params
 * {@code version} and {@code config}, the text). The adapter supplies {@code replier}, which sends the answer on the
 * command's reply topic.
 */
public record CloudCommand(String productKey, String deviceKey, Kind kind, String serviceId,
                           Map<String, Object> params, Consumer<CommandResult> replier) {
    public enum Kind { SET_MEASUREPOINT, INVOKE_SERVICE, APPLY_CONFIG }

    public void reply(CommandResult result) {
        replier.accept(result);
    }

    /** The device's answer: 200 with output data, or an error code and message. */
    public record CommandResult(int code, Object data, String message) {
        public static CommandResult ok(Object data) {
            return new CommandResult(200, data, "");
        }

        public static CommandResult error(int code, String message) {
            return new CommandResult(code, null, message);
        }
    }
}
