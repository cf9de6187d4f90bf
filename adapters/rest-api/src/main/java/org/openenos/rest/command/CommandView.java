package org.openenos.rest.command;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.connectivity.command.CommandRecord;

/** A command as {@code commands?action=get|search} shows it; {@code state} is the EnOS number 1–7. */
final class CommandView {
    private CommandView() {
    }

    static Map<String, Object> of(CommandRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commandId", c.commandId());
        m.put("orgId", c.orgId());
        m.put("assetId", c.assetId());
        m.put("productKey", c.productKey());
        m.put("deviceKey", c.deviceKey());
        boolean set = c.method().equals("thing.service.measurepoint.set");
        m.put("commandType", set ? "setMeasurepoint" : "invokeService");
        m.put("serviceId", set ? null : c.method().substring("thing.service.".length()));
        m.put("method", c.method());
        m.put("inputData", c.inputData());
        m.put("callType", c.sync() ? "SYNC" : "ASYNC");
        m.put("state", c.state().code());
        m.put("stateName", c.state().name());
        m.put("outputData", c.outputData());
        m.put("replyCode", c.replyCode());
        m.put("replyMessage", c.replyMessage());
        m.put("createTime", millis(c.createTime()));
        m.put("updateTime", millis(c.updateTime()));
        m.put("expireTime", millis(c.expireTime()));
        return m;
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}
