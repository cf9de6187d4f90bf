package org.openenos.sdk;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.MessageFormatException;
import org.openenos.protocol.ResponseCodes;
import org.openenos.protocol.TopicKind;
import org.openenos.protocol.TopicRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs downstream commands on their handlers and answers on the command's reply topic at QoS 0 (reference §2).
 * Service handlers are looked up by service id first, then by kind; a command nobody handles gets 1101, as the
 * EnOS SDK answers by itself.
 */
final class CommandRouter {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRouter.class);

    private final Map<String, CommandHandler> services = new ConcurrentHashMap<>();
    private final Map<TopicKind, CommandHandler> kinds = new ConcurrentHashMap<>();
    private final MessageCodec codec;
    private final Executor executor;
    private final BiConsumer<String, byte[]> replySender;

    CommandRouter(MessageCodec codec, Executor executor, BiConsumer<String, byte[]> replySender) {
        this.codec = codec;
        this.executor = executor;
        this.replySender = replySender;
    }

    void onService(String serviceId, CommandHandler handler) {
        services.put(serviceId, handler);
    }

    void on(TopicKind kind, CommandHandler handler) {
        kinds.put(kind, handler);
    }

    void dispatch(TopicRoute route, byte[] payload) {
        DeviceRequest request;
        try {
            request = codec.decodeRequest(payload);
        } catch (MessageFormatException e) {
            LOG.warn("Ignoring malformed command on {}: {}", route.topic(), e.getMessage());
            return;
        }
        Command command = new Command(route.kind(), new DeviceId(route.productKey(), route.deviceKey()),
                route.kind() == TopicKind.SERVICE_INVOKE ? route.id() : null, request.id(), request.params());
        CommandHandler handler = route.kind() == TopicKind.SERVICE_INVOKE && services.containsKey(route.id())
                ? services.get(route.id()) : kinds.get(route.kind());
        executor.execute(() -> replySender.accept(route.replyTopic(), codec.encode(answer(handler, command))));
    }

    private static DeviceReply answer(CommandHandler handler, Command command) {
        if (handler == null) {
            return DeviceReply.error(command.id(), ResponseCodes.NO_COMMAND_HANDLER,
                    "no handler for " + command.kind() + (command.serviceId() == null ? "" : " " + command.serviceId()));
        }
        try {
            Object data = handler.handle(command);
            return DeviceReply.ok(command.id(), data == null ? Map.of() : data);
        } catch (CommandException e) {
            return DeviceReply.error(command.id(), e.code(), e.getMessage());
        } catch (Exception e) {
            LOG.warn("Command handler for {} failed", command.kind(), e);
            return DeviceReply.error(command.id(), ResponseCodes.COMMAND_HANDLER_FAILED, String.valueOf(e.getMessage()));
        }
    }
}
