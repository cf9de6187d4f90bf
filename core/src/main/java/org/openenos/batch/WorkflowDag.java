package org.openenos.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.error.OpenEnosException;

/** The task graph of a workflow, checked: names unique, every relation between known tasks, no cycle. */
public final class WorkflowDag {
    private final Map<String, List<String>> upstream = new LinkedHashMap<>();
    private final Map<String, List<Relation>> downstream = new LinkedHashMap<>();
    private final List<String> order;

    private WorkflowDag(List<TaskSpec> tasks, List<Relation> relations) {
        for (TaskSpec t : tasks) {
            if (upstream.put(t.name(), new ArrayList<>()) != null) {
                throw OpenEnosException.badArgument("task " + t.name() + " is defined twice");
            }
            downstream.put(t.name(), new ArrayList<>());
        }
        for (Relation r : relations) {
            if (!upstream.containsKey(r.target())) {
                throw OpenEnosException.badArgument("relation " + r.source() + " -> " + r.target()
                        + ": task " + r.target() + " does not exist");
            }
            if (!upstream.containsKey(r.source())) {
                throw OpenEnosException.badArgument("task " + r.target() + " depends on unknown task " + r.source());
            }
            upstream.get(r.target()).add(r.source());
            downstream.get(r.source()).add(r);
        }
        order = topologicalOrder();
    }

    /** Checks the workflow's graph; a bad one is refused with a message naming the task at fault. */
    public static WorkflowDag of(Workflow workflow) {
        if (workflow.tasks().isEmpty()) {
            throw OpenEnosException.badArgument("workflow " + workflow.name() + " has no task");
        }
        return new WorkflowDag(workflow.tasks(), workflow.relations());
    }

    private List<String> topologicalOrder() {
        Map<String, Integer> pending = new LinkedHashMap<>();
        upstream.forEach((task, ups) -> pending.put(task, ups.size()));
        Deque<String> ready = new ArrayDeque<>();
        pending.forEach((task, n) -> {
            if (n == 0) {
                ready.add(task);
            }
        });
        List<String> sorted = new ArrayList<>();
        while (!ready.isEmpty()) {
            String task = ready.poll();
            sorted.add(task);
            for (Relation r : downstream.get(task)) {
                if (pending.merge(r.target(), -1, Integer::sum) == 0) {
                    ready.add(r.target());
                }
            }
        }
        if (sorted.size() < upstream.size()) {
            List<String> inCycle = upstream.keySet().stream().filter(t -> !sorted.contains(t)).toList();
            throw OpenEnosException.badArgument("tasks " + String.join(", ", inCycle)
                    + " form a cycle: a workflow must be a DAG");
        }
        return List.copyOf(sorted);
    }

    /** Tasks in an order where each comes after all its upstream tasks. */
    public List<String> order() {
        return order;
    }

    public List<String> upstreamOf(String task) {
        return List.copyOf(upstream.getOrDefault(task, List.of()));
    }

    /** The task and, following relations marked {@code rerun}, every task downstream of it. */
    public Set<String> withRerunSuccessors(String task) {
        if (!upstream.containsKey(task)) {
            throw OpenEnosException.badArgument("no task " + task + " in the workflow");
        }
        Set<String> result = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(task));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String t = todo.poll();
            if (seen.add(t)) {
                result.add(t);
                downstream.get(t).stream().filter(Relation::rerun).forEach(r -> todo.add(r.target()));
            }
        }
        return result;
    }
}
