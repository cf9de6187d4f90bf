package org.openenos.edge.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.openenos.edge.cloud.CloudCommand;
import org.openenos.edge.cloud.CloudCommand.CommandResult;
import org.openenos.edge.config.ControlConfig;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.FieldConnector;
import org.openenos.protocol.ResponseCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns cloud commands into field writes (reference §7 device control): {@code setMeasurepoint} writes the raw
 * point mapped to each measure point, {@code invokeService} writes the service's mapped point or calls its mapped
 * OPC UA method. The reply is 200 (with a method's outputs) once the device confirmed, else the protocol's error
 * with code 1102.
 */
public final class CommandDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    private final Map<String, DeviceConfig> devicesByKey;
    private final Function<DeviceConfig, FieldConnector> connectors;

    public CommandDispatcher(Map<String, DeviceConfig> devicesByKey, Function<DeviceConfig, FieldConnector> connectors) {
        this.devicesByKey = devicesByKey;
        this.connectors = connectors;
    }

    static String key(String productKey, String deviceKey) {
        return productKey + "/" + deviceKey;
    }

    public void dispatch(CloudCommand command) {
        DeviceConfig device = devicesByKey.get(key(command.productKey(), command.deviceKey()));
        if (device == null) {
            command.reply(CommandResult.error(ResponseCodes.DEVICE_NOT_FOUND,
                    "no field device " + command.productKey() + "/" + command.deviceKey() + " on this edge"));
            return;
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        try {
            if (command.kind() == CloudCommand.Kind.SET_MEASUREPOINT) {
                for (Map.Entry<String, Object> e : command.params().entrySet()) {
                    ControlConfig control = control(device, c -> e.getKey().equals(c.measurepoint()),
                            "measure point '" + e.getKey() + "' is not controllable");
                    writes.add(write(device, control, e.getValue()));
                }
            } else {
                ControlConfig control = control(device, c -> command.serviceId().equals(c.service()),
                        "service '" + command.serviceId() + "' is not mapped to a field write");
                if (control.isMethodCall()) {
                    call(command, device, control);
                    return;
                }
                Object value = control.inputParam() != null ? command.params().get(control.inputParam()) : control.value();
                if (value == null) {
                    throw new IllegalArgumentException("service '" + command.serviceId() + "' needs input '"
                            + control.inputParam() + "'");
                }
                writes.add(write(device, control, value));
            }
        } catch (IllegalArgumentException e) {
            command.reply(CommandResult.error(ResponseCodes.NO_COMMAND_HANDLER, e.getMessage()));
            return;
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error == null) {
                command.reply(CommandResult.ok(Map.of()));
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                LOG.warn("command {} on {} failed: {}", command.kind(), device.id(), cause.getMessage());
                command.reply(CommandResult.error(ResponseCodes.COMMAND_HANDLER_FAILED, failure(device, cause)));
            }
        });
    }

    /** {@code invokeService} mapped to a method: the service inputs in argument order, the outputs by name. */
    private void call(CloudCommand command, DeviceConfig device, ControlConfig control) {
        List<Object> inputs = new ArrayList<>();
        for (ControlConfig.MethodInput input : control.inputs()) {
            Object value = command.params().get(input.param());
            if (value == null) {
                throw new IllegalArgumentException("service '" + command.serviceId() + "' needs input '"
                        + input.param() + "'");
            }
            inputs.add(value);
        }
        List<org.openenos.edge.field.DataType> types = control.inputs().stream()
                .map(ControlConfig.MethodInput::type).toList();
        connectors.apply(device).call(device, control.objectNode(), control.methodNode(), inputs, types)
                .whenComplete((outputs, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        LOG.warn("method {} on {} failed: {}", control.methodNode(), device.id(), cause.getMessage());
                        command.reply(CommandResult.error(ResponseCodes.COMMAND_HANDLER_FAILED, failure(device, cause)));
                        return;
                    }
                    Map<String, Object> data = new java.util.LinkedHashMap<>();
                    for (int i = 0; i < outputs.size(); i++) {
                        data.put(i < control.outputs().size() ? control.outputs().get(i) : "output" + i,
                                outputs.get(i));
                    }
                    command.reply(CommandResult.ok(data));
                });
    }

    private static ControlConfig control(DeviceConfig device, java.util.function.Predicate<ControlConfig> match,
                                         String missing) {
        return device.template().controls().stream().filter(match).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(missing));
    }

    /**
     * What the cloud is told when a field write fails: the device and the connection it went over, then the
     * connector's own words, which vary with how the link failed (a refused socket, a Modbus exception, a timeout).
     */
    private static String failure(DeviceConfig device, Throwable cause) {
        return "field device '" + device.id() + "' on connection '" + device.connection() + "': "
                + cause.getMessage();
    }

    private CompletableFuture<Void> write(DeviceConfig device, ControlConfig control, Object value) {
        RawPointConfig point = device.point(control.point());
        return connectors.apply(device).write(device, point, toRaw(point, value));
    }

    /** Inverts the point's scale and offset so the device receives its own units. */
    static Object toRaw(RawPointConfig point, Object value) {
        if (value instanceof Boolean || point.type() == org.openenos.edge.field.DataType.BOOL) {
            return value instanceof Boolean b ? b : value instanceof Number n && n.doubleValue() != 0;
        }
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("value " + value + " for point '" + point.id() + "' is not a number");
        }
        double raw = (n.doubleValue() - point.offset()) / point.scale();
        return point.type().isFloating() ? (Object) raw : (Object) Math.round(raw);
    }
}
