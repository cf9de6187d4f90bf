package org.openenos.rest.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openenos.connectivity.command.CommandRecord;
import org.openenos.connectivity.command.CommandService;
import org.openenos.connectivity.command.CommandState;
import org.openenos.connectivity.command.CommandStore;
import org.openenos.connectivity.command.InvokeServiceRequest;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.registry.Page;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.DeviceLocator;
import org.openenos.rest.registry.PageRequestBody;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code /connect-service/v2.1/commands} (reference §6.2): invoke a service or set a measure point on a device, then
 * get, search or cancel commands. A SYNC service answers with the device's {@code outputData}, waiting up to
 * {@code timeout} seconds (1–60, default 30); an offline device gets the command later when {@code pendingTtl}
 * (0–172800 s) allows it, otherwise 11900.
 */
@RestController
@RequestMapping("/connect-service/v2.1/commands")
public class CommandController {
    public record InvokeBody(Map<String, Object> inputData) {
    }

    public record SetBody(Object value) {
    }

    public record SearchBody(String assetId, String productKey, String deviceKey, Integer state, Object startTime,
                             Object endTime, PageRequestBody pagination) {
    }

    /** Extra time over the command's own timeout, so the service's timer answers before this wait gives up. */
    private static final long WAIT_MARGIN_SECONDS = 5;

    private final CommandService commands;
    private final DeviceLocator locator;
    private final ApiAccess access;

    public CommandController(CommandService commands, DeviceLocator locator, ApiAccess access) {
        this.commands = commands;
        this.locator = locator;
        this.access = access;
    }

    @PostMapping(params = "action=invokeService")
    public DeferredResult<ApiResponse> invokeService(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                                     @RequestParam(required = false) String productKey,
                                     @RequestParam(required = false) String deviceKey,
                                     @RequestParam String serviceId,
                                     @RequestParam(required = false) Integer timeout,
                                     @RequestParam(required = false) Integer pendingTtl,
                                     @RequestBody(required = false) InvokeBody body) {
        access.requireWrite(orgId);
        int timeoutSeconds = range("timeout", timeout, 1, 60, InvokeServiceRequest.DEFAULT_TIMEOUT);
        int ttl = range("pendingTtl", pendingTtl, 0, InvokeServiceRequest.MAX_PENDING_TTL, 0);
        Device device = locator.find(orgId, assetId, productKey, deviceKey);
        Map<String, Object> input = body == null || body.inputData() == null ? Map.of() : body.inputData();
        return deferred(commands.invokeService(new InvokeServiceRequest(device.productKey(), device.deviceKey(),
                serviceId, input, ttl, timeoutSeconds)), timeoutSeconds, CommandController::answer);
    }

    @PostMapping(params = "action=setMeasurepoint")
    public DeferredResult<ApiResponse> setMeasurepoint(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                                       @RequestParam(required = false) String productKey,
                                       @RequestParam(required = false) String deviceKey,
                                       @RequestParam String measurepointId,
                                       @RequestParam(required = false) Integer pendingTtl,
                                       @RequestBody SetBody body) {
        access.requireWrite(orgId);
        int ttl = range("pendingTtl", pendingTtl, 0, InvokeServiceRequest.MAX_PENDING_TTL, 0);
        if (body == null || body.value() == null) {
            throw OpenEnosException.badArgument("value: is required");
        }
        Device device = locator.find(orgId, assetId, productKey, deviceKey);
        return deferred(commands.setMeasurepoint(device.productKey(), device.deviceKey(), measurepointId,
                body.value(), ttl), InvokeServiceRequest.DEFAULT_TIMEOUT,
                record -> ApiResponse.ok(Map.of("commandId", record.commandId())));
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String commandId) {
        access.requireRead(orgId);
        return ApiResponse.ok(CommandView.of(owned(orgId, commandId)));
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        SearchBody b = body == null ? new SearchBody(null, null, null, null, null, null, null) : body;
        Device device = locator.findOptional(orgId, b.assetId(), b.productKey(), b.deviceKey());
        CommandState state = b.state() == null ? null : stateOf(b.state());
        Page.Request page = PageRequestBody.of(b.pagination(), 10);
        if (page.pageSize() > 1000) {
            throw OpenEnosException.badArgument("pagination.pageSize: at most 1000");
        }
        CommandStore.Query query = new CommandStore.Query(orgId, device == null ? null : device.assetId(), state,
                DeviceLocator.time("startTime", b.startTime()), DeviceLocator.time("endTime", b.endTime()),
                page.offset(), page.pageSize(), access.assetScope());
        return ApiResponse.page(commands.search(query).stream().map(CommandView::of).toList(),
                new ApiResponse.Pagination(page.pageNo(), page.pageSize(), commands.count(query), "createTime DESC"));
    }

    @PostMapping(params = "action=cancel")
    public ApiResponse cancel(@RequestParam String orgId, @RequestParam String commandId) {
        access.requireWrite(orgId);
        CommandRecord command = owned(orgId, commandId);
        if (!commands.cancel(command.commandId())) {
            throw OpenEnosException.badArgument("command " + commandId + " is no longer waiting (state "
                    + commands.get(commandId).orElse(command).state().code() + ") and cannot be canceled");
        }
        return ApiResponse.ok(CommandView.of(commands.get(commandId).orElse(command)));
    }

    private CommandRecord owned(String orgId, String commandId) {
        return commands.get(commandId).filter(c -> c.orgId().equals(orgId))
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.COMMAND_NOT_FOUND, "command " + commandId));
    }

    /**
     * The answer to a send: a SYNC reply carries {@code outputData}; a reply time-out is 11915 and a device's error
     * reply keeps the device's own code and message (ADR 0041), both with the commandId so that it can be looked up.
     */
    private static ApiResponse answer(CommandRecord record) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("commandId", record.commandId());
        data.put("outputData", record.outputData());
        if (record.state() == CommandState.REPLY_TIMEOUT) {
            return new ApiResponse(ErrorCode.COMMAND_REPLY_TIMEOUT.enosCode(), "the device did not reply in time",
                    UUID.randomUUID().toString(), data, null);
        }
        if (record.state() == CommandState.FAILED && record.replyCode() != null) {
            return new ApiResponse(record.replyCode(), "the device replied with an error: " + record.replyMessage(),
                    UUID.randomUUID().toString(), data, null);
        }
        return ApiResponse.ok(data);
    }

    /**
     * Answers when the command's future completes, without holding a servlet thread meanwhile: a SYNC service may
     * wait up to 60 s for the device, and a thousand such waits must not exhaust the container's threads. The
     * request's own time-out is a margin over the command's, so the command service's timer answers first.
     */
    private static DeferredResult<ApiResponse> deferred(CompletableFuture<CommandRecord> future, int timeoutSeconds,
                                                        Function<CommandRecord, ApiResponse> answer) {
        DeferredResult<ApiResponse> result = new DeferredResult<>(
                TimeUnit.SECONDS.toMillis(timeoutSeconds + WAIT_MARGIN_SECONDS));
        result.onTimeout(() -> result.setErrorResult(new OpenEnosException(ErrorCode.COMMAND_REPLY_TIMEOUT,
                "the device did not reply in time")));
        future.whenComplete((record, failure) -> {
            if (failure == null) {
                result.setResult(answer.apply(record));
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            result.setErrorResult(cause instanceof OpenEnosException ? cause
                    : new OpenEnosException(ErrorCode.INTERNAL, "command failed", cause));
        });
        return result;
    }

    private static CommandState stateOf(int code) {
        for (CommandState s : CommandState.values()) {
            if (s.code() == code) {
                return s;
            }
        }
        throw OpenEnosException.badArgument("state: expected 1 to 7");
    }

    private static int range(String name, Integer value, int min, int max, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw OpenEnosException.badArgument(name + ": must be between " + min + " and " + max);
        }
        return value;
    }
}
