package org.openenos.connectivity.command;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Downstream commands to devices, as the REST layer calls them (reference §6.2 {@code commands}). */
public interface CommandService {
    /**
     * Invokes a service. For a SYNC service on an online device the future completes with the device's reply or in
     * state 7 after the timeout; otherwise it completes once the command is delivered or cached for later.
     */
    CompletableFuture<CommandRecord> invokeService(InvokeServiceRequest request);

    CompletableFuture<CommandRecord> setMeasurepoint(String productKey, String deviceKey, String measurepointId,
                                                     Object value, int pendingTtlSeconds);

    Optional<CommandRecord> get(String commandId);

    /** Commands of one organization (optionally one device, state, time range), newest first. */
    List<CommandRecord> search(CommandStore.Query query);

    long count(CommandStore.Query query);

    /** Cancels a command still waiting for its device; false when it has already left. */
    boolean cancel(String commandId);
}
