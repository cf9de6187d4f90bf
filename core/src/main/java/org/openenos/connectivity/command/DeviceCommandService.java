package org.openenos.connectivity.command;

import java.time.Clock;
import java.time.Instant;
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
import java.util.function.UnaryOperator;
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
 * Commands validated against the model, pushed to the device (no SUBSCRIBE needed), cached for {@code pendingTtl}
 * while the device is offline and delivered when it comes back, and completed by its reply. The command id is the
 * request id, so the device's reply (which echoes it) finds its command. Unfinished commands live in memory; every
 * state change is written through to the {@link CommandStore}, from which unfinished commands are resumed after a
 * restart (ADR 0041).
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
    private final CommandStore store;
    /** Commands not yet final; final ones are only in the store. */
    private final Map<String, CommandRecord> commands = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<CommandRecord>> waiting = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> pending = new ConcurrentHashMap<>();
    private final String idPrefix;

    public DeviceCommandService(DeviceDirectory directory, DeviceSessionRegistry sessions, CommandPublisher publisher,
                                Clock clock, ScheduledExecutorService scheduler) {
        this(directory, sessions, publisher, new InMemoryCommandStore(), clock, scheduler);
    }

    public DeviceCommandService(DeviceDirectory directory, DeviceSessionRegistry sessions, CommandPublisher publisher,
                                CommandStore store, Clock clock, ScheduledExecutorService scheduler) {
        this(directory, sessions, publisher, store, clock, scheduler, "");
    }

    /**
     * @param idPrefix put before every command id; in a cluster each node has its own, and resumes only the commands
     *                 it made (the others belong to nodes that are running)
     */
    public DeviceCommandService(DeviceDirectory directory, DeviceSessionRegistry sessions, CommandPublisher publisher,
                                CommandStore store, Clock clock, ScheduledExecutorService scheduler, String idPrefix) {
        this.idPrefix = idPrefix;
        this.store = store;
        this.directory = directory;
        this.publisher = publisher;
        this.clock = clock;
        this.scheduler = scheduler;
        this.ids = new AtomicLong(clock.millis() * 1000);
        sessions.onOnline(device -> deliverPending(device.productKey(), device.deviceKey()));
        resume();
    }

    /** After a restart: waiting commands wait again until they expire; released ones lost their reply wait. */
    private void resume() {
        Instant now = clock.instant();
        for (CommandRecord record : store.unfinished()) {
            if (!record.commandId().startsWith(idPrefix)) {
                continue;
            }
            if (record.state() == CommandState.RELEASED) {
                store.save(record.withState(CommandState.REPLY_TIMEOUT, now));
            } else if (!record.expireTime().isAfter(now)) {
                store.save(record.withState(CommandState.EXPIRED, now));
            } else {
                commands.put(record.commandId(), record);
                pending.computeIfAbsent(DeviceRefKey.of(record.productKey(), record.deviceKey()),
                        k -> new ConcurrentLinkedDeque<>()).add(record.commandId());
                scheduler.schedule(() -> expire(record.commandId()),
                        Math.max(1, record.expireTime().toEpochMilli() - now.toEpochMilli()), TimeUnit.MILLISECONDS);
            }
        }
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
        CommandRecord live = commands.get(commandId);
        return live != null ? Optional.of(live) : store.find(commandId);
    }

    @Override
    public List<CommandRecord> search(CommandStore.Query query) {
        return store.search(query);
    }

    @Override
    public long count(CommandStore.Query query) {
        return store.count(query);
    }

    @Override
    public boolean cancel(String commandId) {
        CommandRecord record = update(commandId, c ->
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
        CommandRecord updated = update(record.commandId(), c -> c.state().isFinal() ? c
                : c.withReply(state, reply.data(), reply.code(), reply.message(), clock.instant()));
        complete(updated);
    }

    private CompletableFuture<CommandRecord> submit(Device device, TopicKind kind, String serviceId,
                                                    Map<String, Object> params, boolean sync, int pendingTtl,
                                                    int timeoutSeconds) {
        Instant now = clock.instant();
        String commandId = idPrefix + ids.incrementAndGet();
        CommandRecord record = new CommandRecord(commandId, device.orgId(), device.assetId(), device.productKey(),
                device.deviceKey(), kind.method(serviceId), kind.topic(device.productKey(), device.deviceKey(), serviceId),
                params, sync, CommandState.CREATED, null, null, null, now, now, now.plusSeconds(pendingTtl));
        commands.put(commandId, record);
        store.save(record);
        CompletableFuture<CommandRecord> reply = deliver(record, timeoutSeconds);
        if (reply != null) {
            // the reply's own future, not a look-up: a fast device may have answered (and the waiter been removed)
            // before this line runs
            return sync ? reply : CompletableFuture.completedFuture(get(commandId).orElse(record));
        }
        if (pendingTtl == 0) {
            update(commandId, c -> c.withState(CommandState.FAILED, clock.instant()));
            throw new OpenEnosException(ErrorCode.COMMAND_DEVICE_OFFLINE, "device is offline");
        }
        Deque<String> queue = pending.computeIfAbsent(DeviceRefKey.of(device.productKey(), device.deviceKey()),
                k -> new ConcurrentLinkedDeque<>());
        if (queue.size() >= MAX_PENDING_PER_DEVICE) {
            update(commandId, c -> c.withState(CommandState.FAILED, clock.instant()));
            throw new OpenEnosException(ErrorCode.COMMAND_CACHE_FULL, "too many commands wait for this device");
        }
        queue.add(commandId);
        scheduler.schedule(() -> expire(commandId), pendingTtl, TimeUnit.SECONDS);
        return CompletableFuture.completedFuture(record);
    }

    /** Publishes the command; the future completes with its final record, or null when the device is offline. */
    private CompletableFuture<CommandRecord> deliver(CommandRecord record, int timeoutSeconds) {
        byte[] payload = codec.encode(new DeviceRequest(record.commandId(), "1.0", record.method(), record.inputData()));
        CompletableFuture<CommandRecord> reply = new CompletableFuture<>();
        waiting.put(record.commandId(), reply);
        boolean published;
        try {
            published = publisher.publish(record.productKey(), record.deviceKey(), record.topic(), payload);
        } catch (OpenEnosException e) {
            // a command that cannot be encoded for the device (custom-format product, 11810) fails at once
            waiting.remove(record.commandId());
            update(record.commandId(), c -> c.withState(CommandState.FAILED, clock.instant()));
            throw e;
        }
        if (!published) {
            waiting.remove(record.commandId());
            return null;
        }
        update(record.commandId(), c -> c.state() == CommandState.CREATED
                ? c.withState(CommandState.RELEASED, clock.instant()) : c);
        scheduler.schedule(() -> timeout(record.commandId()), timeoutSeconds, TimeUnit.SECONDS);
        return reply;
    }

    /**
     * Delivers the commands waiting here for a device that came online, on this node or (in a cluster) on another
     * one that now holds its connection.
     */
    public void deliverPending(String productKey, String deviceKey) {
        Deque<String> queue = pending.get(DeviceRefKey.of(productKey, deviceKey));
        String commandId;
        while (queue != null && (commandId = queue.poll()) != null) {
            CommandRecord record = commands.get(commandId);
            if (record != null && record.state() == CommandState.CREATED
                    && deliver(record, InvokeServiceRequest.DEFAULT_TIMEOUT) == null) {
                queue.addFirst(commandId);
                return;
            }
        }
    }

    private void expire(String commandId) {
        complete(update(commandId, c -> c.state() == CommandState.CREATED
                ? c.withState(CommandState.EXPIRED, clock.instant()) : c));
    }

    private void timeout(String commandId) {
        complete(update(commandId, c -> c.state() == CommandState.RELEASED
                ? c.withState(CommandState.REPLY_TIMEOUT, clock.instant()) : c));
    }

    /**
     * Applies a state change to a live command, writes it through, and drops it from memory once final. The write
     * happens inside the map's per-key lock: a device that answers while the sender is still marking the command
     * released would otherwise let the older state reach the store last.
     */
    private CommandRecord update(String commandId, UnaryOperator<CommandRecord> change) {
        CommandRecord[] changed = new CommandRecord[1];
        CommandRecord result = commands.computeIfPresent(commandId, (id, c) -> {
            CommandRecord next = change.apply(c);
            if (next != c) {
                changed[0] = next;
                store.save(next);
            }
            return next;
        });
        if (changed[0] != null && changed[0].state().isFinal()) {
            commands.remove(commandId, changed[0]);
        }
        return result;
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
