package org.openenos.rest.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openenos.batch.FlowInstance;
import org.openenos.batch.Relation;
import org.openenos.batch.RunPolicy;
import org.openenos.batch.TaskInstance;
import org.openenos.batch.TaskKind;
import org.openenos.batch.TaskSpec;
import org.openenos.batch.Workflow;
import org.openenos.error.OpenEnosException;

/**
 * Maps the batch-processing-service bodies. A flow is saved in the shape of the EnOS flow export
 * ({@code flowName/name, desc, freq/cron, cycle, active, parameters [{key,value}], tasks [...], relations
 * [{sourceTaskName,targetTaskName,rerun}], flowLinks [{flowId}], catchUp, onInterrupt}); a task is {@code {name, type: SQL|SYNC|EXPORT,
 * config {...}, timeout, retryLimit, retryInterval, maxRows}}.
 */
final class FlowBodies {
    private FlowBodies() {
    }

    static Workflow workflow(String orgId, Map<String, Object> body) {
        String name = text(first(body, "flowName", "name"));
        List<TaskSpec> tasks = new ArrayList<>();
        for (Map<String, Object> t : objects(body.get("tasks"), "tasks")) {
            String type = text(t.get("type"));
            TaskKind kind;
            try {
                kind = type == null ? null : TaskKind.valueOf(type.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw OpenEnosException.badArgument("task " + text(t.get("name")) + ": type must be SQL, SYNC or "
                        + "EXPORT (SHELL, PYTHON and COMMAND tasks are not run by this server)");
            }
            Map<String, String> config = new LinkedHashMap<>();
            object(t.get("config"), "config").forEach((k, v) -> config.put(k, v == null ? null : v.toString()));
            if (t.get("cmd") != null && !config.containsKey("sql") && kind == TaskKind.SQL) {
                config.put("sql", text(t.get("cmd")));
            }
            tasks.add(new TaskSpec(text(t.get("name")), kind, config, integer(t.get("timeout"), "timeout", 0),
                    integer(t.get("retryLimit"), "retryLimit", 0), integer(t.get("retryInterval"), "retryInterval", 0),
                    integer(t.get("maxRows"), "maxRows", 0)));
        }
        List<Relation> relations = new ArrayList<>();
        for (Map<String, Object> r : objects(body.get("relations"), "relations")) {
            relations.add(new Relation(text(first(r, "sourceTaskName", "source")),
                    text(first(r, "targetTaskName", "target")), r.get("rerun") == null || bool(r.get("rerun"))));
        }
        List<Long> upstream = new ArrayList<>();
        for (Map<String, Object> l : objects(body.get("flowLinks"), "flowLinks")) {
            upstream.add((long) integer(l.get("flowId"), "flowLinks.flowId", 0));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Map<String, Object> p : objects(body.get("parameters"), "parameters")) {
            params.put(text(p.get("key")), text(p.get("value")));
        }
        long flowId = integer(body.get("flowId"), "flowId", 0);
        return new Workflow(flowId, orgId, name, text(body.get("desc")), text(first(body, "freq", "cron")),
                body.get("cycle") == null ? "D" : text(body.get("cycle")), bool(body.get("active")), params, tasks,
                relations, upstream, null, null, RunPolicy.parse(text(body.get("catchUp")),
                text(body.get("onInterrupt"))));
    }

    static Map<String, Object> view(Workflow w) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("flowId", w.flowId());
        v.put("flowName", w.name());
        v.put("desc", w.desc());
        v.put("active", w.active());
        v.put("freq", w.cron());
        v.put("cycle", w.cycle());
        v.put("parameters", w.parameters().entrySet().stream()
                .map(e -> Map.of("key", e.getKey(), "value", e.getValue() == null ? "" : e.getValue())).toList());
        v.put("tasks", w.tasks().stream().map(FlowBodies::task).toList());
        v.put("relations", w.relations().stream().map(r -> Map.of("sourceTaskName", r.source(), "targetTaskName",
                r.target(), "rerun", r.rerun())).toList());
        v.put("flowLinks", w.upstreamFlows().stream().map(id -> Map.of("flowId", id)).toList());
        v.put("catchUp", w.policy().catchUp().name());
        v.put("onInterrupt", w.policy().onInterrupt().name());
        v.put("createTime", millis(w.createTime()));
        v.put("updateTime", millis(w.updateTime()));
        return v;
    }

    private static Map<String, Object> task(TaskSpec t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", t.name());
        v.put("type", t.kind().name());
        v.put("config", t.config());
        v.put("timeout", t.timeoutSeconds());
        v.put("retryLimit", t.retryLimit());
        v.put("retryInterval", t.retryIntervalSeconds());
        v.put("maxRows", t.maxRows());
        return v;
    }

    static Map<String, Object> view(FlowInstance i, List<TaskInstance> tasks) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("instanceId", i.instanceId());
        v.put("flowId", i.flowId());
        v.put("flowName", i.flowName());
        v.put("freq", i.definition().cron());
        v.put("cycle", i.definition().cycle());
        v.put("parameters", i.parameters());
        v.put("status", i.status().code());
        v.put("statusDesc", i.statusDesc() != null ? i.statusDesc() : i.status().name());
        v.put("triggerTime", millis(i.triggerTime()));
        v.put("startTime", millis(i.startTime()));
        v.put("endTime", millis(i.endTime()));
        v.put("timestamp", millis(i.createTime()));
        v.put("calDt", i.calDt().toString());
        if (tasks != null) {
            v.put("tasks", tasks.stream().map(FlowBodies::view).toList());
            long done = tasks.stream().filter(t -> t.status().finished()).count();
            v.put("progress", tasks.isEmpty() ? 100 : (int) (100 * done / tasks.size()));
        }
        return v;
    }

    static Map<String, Object> view(TaskInstance t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("taskInstId", t.taskInstId());
        v.put("flowInstId", t.instanceId());
        v.put("taskName", t.taskName());
        v.put("type", t.kind().name());
        v.put("status", t.status().code());
        v.put("statusDesc", t.status().name());
        v.put("attempts", t.attempts());
        v.put("progress", t.progress());
        v.put("message", t.message());
        v.put("startTime", millis(t.startTime()));
        v.put("endTime", millis(t.endTime()));
        v.put("duration", t.durationMillis());
        return v;
    }

    static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static Object first(Map<String, Object> m, String a, String b) {
        return m.get(a) != null ? m.get(a) : m.get(b);
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static boolean bool(Object value) {
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
    }

    static int integer(Object value, String field, int defaultValue) {
        if (value == null || value instanceof String s && s.isBlank()) {
            return defaultValue;
        }
        try {
            long n = value instanceof Number num ? num.longValue() : Long.parseLong(value.toString().strip());
            return (int) Math.clamp(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw OpenEnosException.badArgument(field + " must be a number");
        }
    }

    static long longValue(Object value, String field) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw OpenEnosException.badArgument(field + " is required");
        }
        try {
            return value instanceof Number num ? num.longValue() : Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw OpenEnosException.badArgument(field + " must be a number");
        }
    }

    static Map<String, Object> object(Object value, String field) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw OpenEnosException.badArgument(field + " must be an object");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        m.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    static List<Map<String, Object>> objects(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw OpenEnosException.badArgument(field + " must be a list");
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object o : list) {
            result.add(object(o, field + "[]"));
        }
        return result;
    }
}
