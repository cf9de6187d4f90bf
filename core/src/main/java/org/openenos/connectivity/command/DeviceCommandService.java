package org.openenos.connectivity.command;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.connectivity.CommandReplyListener;
import org.openenos.connectivity.DeviceModels;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.DeviceSessionRegistry;
import org.openenos.connectivity.ValueCoercer;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.model.ThingDatapoint;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;
import org.openenos.model.ThingService;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.TopicKind;
import org.openenos.protocol.TopicRoute;
import org.openenos.registry.DeviceDirectory;

/**
 * Commands kept in memory: validated against the model, pushed to the device (no SUBSCRIBE needed), cached for
 * {@code pendingTtl} while the device is offline and delivered when it comes back, and completed by its reply. The
 * command id is the request id, so the device's reply (which echoes it) finds its command.
 */
public final class DeviceCommandService implements CommandService, CommandReplyListener {
    /** At most this many commands wait per offline device (error 11902 beyond it). */
    public static final int MAX_PENDING_PER_DEVICE = 100;

    private final DeviceDirectory directory;
    private final CommandPublisher publisher;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final MessageCodec codec = new MessageCodec();
    private final AtomicLong ids;
    private final Map<String, CommandRecord> commands = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<CommandRecord>> waiting = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> pending = new ConcurrentHashMap<>();

    public DeviceCommandService(DeviceDirectory directory, DeviceSessionRegistry sessions, CommandPublisher publisher,
                                Clock clock, ScheduledExecutorService scheduler) {
        this.directory = directory;
        this.publisher = publisher;
        this.clock = clock;
        this.scheduler = scheduler;
        this.ids = new AtomicLong(clock.millis() * 1000);
        sessions.onOnline(this::deliverPending);
    }

    @Override
    public CompletableFuture<CommandRecord> invokeService(InvokeServiceRequest request) {
        Device device = activatedDevice(request.productKey(), request.deviceKey());
        ThingModel model = DeviceModels.of(directory, DeviceRef.of(device));
        ThingService service = model.services().get(request.serviceId());
        if (service == null) {
            throw OpenEnosException.badArgument("service " + request.serviceId() + " is not in model " + model.modelId());
        }
        Map<String, Object> input = new LinkedHashMap<>();
        request.inputData().forEach((id, value) -> {
            ThingDatapoint datapoint = service.inputData().stream().filter(d -> d.identifier().equals(id)).findFirst()
                    .orElseThrow(() -> OpenEnosException.badArgument("input " + id + " is not a parameter of the service"));
            input.put(id, ValueCoercer.coerce(datapoint.dataType(), datapoint.dataDefinition(), value)
                    .orElseThrow(() -> OpenEnosException.badArgument("input " + id + " is not a " + datapoint.dataType())));
        });
        boolean sync = service.callType() == ThingService.CallType.SYNC;
        return submit(device, TopicKind.SERVICE_INVOKE, request.serviceId(), input, sync, request.pendingTtlSeconds(),
                request.timeoutSeconds());
    }

    @Override
    public CompletableFuture<CommandRecord> setMeasurepoint(String productKey, String deviceKey, String measurepointId,
                                                            Object value, int pendingTtlSeconds) {
        Device device = activatedDevice(productKey, deviceKey);
        ThingMeasurepoint point = DeviceModels.of(directory, DeviceRef.of(device)).measurepoints().get(measurepointId);
        if (point == null) {
            throw OpenEnosException.badArgument("measurepoint " + measurepointId + " is not in the model");
        }
        Object coerced = ValueCoercer.coerce(point.dataType(), point.dataDefinition(), value)
                .orElseThrow(() -> OpenEnosException.badArgument("value is not a " + point.dataType()));
        return submit(device, TopicKind.MEASUREPOINT_SET, null, Map.of(measurepointId, coerced), false,
                Math.clamp(pendingTtlSeconds, 0, InvokeServiceRequest.MAX_PENDING_TTL), InvokeServiceRequest.DEFAULT_TIMEOUT);
    }

    @Override
    public Optional<CommandRecord> get(String commandId) {
        return Optional.ofNullable(commands.get(commandId));
    }

    @Override
    public List<CommandRecord> search(String productKey, String deviceKey) {
        return commands.values().stream()
                .filter(c -> c.productKey().equals(productKey) && c.deviceKey().equals(deviceKey))
                .sorted(Comparator.comparing(CommandRecord::createTime).reversed()).toList();
    }

    @Override
    public boolean cancel(String commandId) {
        CommandRecord record = commands.computeIfPresent(commandId, (id, c) ->
                c.state() == CommandState.CREATED ? c.withState(CommandState.CANCELED, clock.instant()) : c);
        if (record == null || record.state() != CommandState.CANCELED) {
            return false;
        }
        Deque<String> queue = pending.get(DeviceRefKey.of(record.productKey(), record.deviceKey()));
        if (queue != null) {
            queue.remove(commandId);
        }
        return true;
    }

    @Override
    public void onReply(DeviceRef device, TopicRoute route, DeviceReply reply) {
        CommandRecord record = reply.id() == null ? null : commands.get(reply.id());
        if (record == null || !device.is(record.productKey(), record.deviceKey())) {
            return;
        }
        CommandState state = reply.isSuccess() ? CommandState.SENT : CommandState.FAILED;
        CommandRecord updated = commands.computeIfPresent(record.commandId(), (id, c) -> c.state().isFinal() ? c
                : c.withReply(state, reply.data(), reply.code(), reply.message(), clock.instant()));
        complete(updated);
    }

    private CompletableFuture<CommandRecord> submit(Device device, TopicKind kind, String serviceId,
                                                    Map<String, Object> params, boolean sync, int pendingTtl,
                                                    int timeoutSeconds) {
        Instant now = clock.instant();
        String commandId = Long.toString(ids.incrementAndGet());
        CommandRecord record = new CommandRecord(commandId, device.orgId(), device.assetId(), device.productKey(),
                device.deviceKey(), kind.method(serviceId), kind.topic(device.productKey(), device.deviceKey(), serviceId),
                params, sync, CommandState.CREATED, null, null, null, now, now, now.plusSeconds(pendingTtl));
        commands.put(commandId, record);
        if (deliver(record, timeoutSeconds)) {
            CompletableFuture<CommandRecord> reply = waiting.get(commandId);
            return sync && reply != null ? reply : CompletableFuture.completedFuture(commands.get(commandId));
        }
        if (pendingTtl == 0) {
            commands.remove(commandId);
            throw new OpenEnosException(ErrorCode.COMMAND_DEVICE_OFFLINE, "device is offline");
        }
        Deque<String> queue = pending.computeIfAbsent(DeviceRefKey.of(device.productKey(), device.deviceKey()),
                k -> new ConcurrentLinkedDeque<>());
        if (queue.size() >= MAX_PENDING_PER_DEVICE) {
            commands.remove(commandId);
            throw new OpenEnosException(ErrorCode.COMMAND_CACHE_FULL, "too many commands wait for this device");
        }
        queue.add(commandId);
        scheduler.schedule(() -> expire(commandId), pendingTtl, TimeUnit.SECONDS);
        return CompletableFuture.completedFuture(record);
    }

    private boolean deliver(CommandRecord record, int timeoutSeconds) {
        byte[] payload = codec.encode(new DeviceRequest(record.commandId(), "1.0", record.method(), record.inputData()));
        CompletableFuture<CommandRecord> reply = new CompletableFuture<>();
        waiting.put(record.commandId(), reply);
        if (!publisher.publish(record.productKey(), record.deviceKey(), record.topic(), payload)) {
            waiting.remove(record.commandId());
            return false;
        }
        commands.computeIfPresent(record.commandId(), (id, c) -> c.state() == CommandState.CREATED
                ? c.withState(CommandState.RELEASED, clock.instant()) : c);
        scheduler.schedule(() -> timeout(record.commandId()), timeoutSeconds, TimeUnit.SECONDS);
        return true;
    }

    private void deliverPending(DeviceRef device) {
        Deque<String> queue = pending.get(DeviceRefKey.of(device.productKey(), device.deviceKey()));
        String commandId;
        while (queue != null && (commandId = queue.poll()) != null) {
            CommandRecord record = commands.get(commandId);
            if (record != null && record.state() == CommandState.CREATED && !deliver(record, InvokeServiceRequest.DEFAULT_TIMEOUT)) {
                queue.addFirst(commandId);
                return;
            }
        }
    }

    private void expire(String commandId) {
        complete(commands.computeIfPresent(commandId, (id, c) -> c.state() == CommandState.CREATED
                ? c.withState(CommandState.EXPIRED, clock.instant()) : c));
    }

    private void timeout(String commandId) {
        complete(commands.computeIfPresent(commandId, (id, c) -> c.state() == CommandState.RELEASED
                ? c.withState(CommandState.REPLY_TIMEOUT, clock.instant()) : c));
    }

    private void complete(CommandRecord record) {
        if (record != null && record.state().isFinal()) {
            CompletableFuture<CommandRecord> reply = waiting.remove(record.commandId());
            if (reply != null) {
                reply.complete(record);
            }
        }
    }

    private Device activatedDevice(String productKey, String deviceKey) {
        Device device = directory.device(productKey, deviceKey)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.DEVICE_NOT_FOUND, "device"));
        if (!device.isActivated()) {
            throw new OpenEnosException(ErrorCode.COMMAND_DEVICE_NOT_ACTIVATED, "device is not activated");
        }
        return device;
    }

    private record DeviceRefKey() {
        static String of(String productKey, String deviceKey) {
            return productKey + '/' + deviceKey;
        }
    }
}
