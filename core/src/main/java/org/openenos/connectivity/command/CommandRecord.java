package org.openenos.connectivity.command;

import java.time.Instant;

/**
 * One downstream command and what became of it. {@code method} is the protocol method, e.g.
 * {@code thing.service.reboot}; {@code outputData} is the device's reply data.
 */
public record CommandRecord(String commandId, String orgId, String assetId, String productKey, String deviceKey,
                            String method, String topic, Object inputData, boolean sync, CommandState state,
                            Object outputData, Integer replyCode, String replyMessage, Instant createTime,
                            Instant updateTime, Instant expireTime) {

    CommandRecord withState(CommandState newState, Instant at) {
        return new CommandRecord(commandId, orgId, assetId, productKey, deviceKey, method, topic, inputData, sync,
                newState, outputData, replyCode, replyMessage, createTime, at, expireTime);
    }

    CommandRecord withReply(CommandState newState, Object output, int code, String message, Instant at) {
        return new CommandRecord(commandId, orgId, assetId, productKey, deviceKey, method, topic, inputData, sync,
                newState, output, code, message, createTime, at, expireTime);
    }
}
