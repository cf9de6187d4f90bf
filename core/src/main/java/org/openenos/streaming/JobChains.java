package org.openenos.streaming;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the released jobs of one organization feed each other: a job whose output point is another job's input is
 * upstream of it (EnOS calls this a chain; results flow through the telemetry log like device data, so a chain needs
 * no wiring). A chain that comes back to where it started would compute forever on its own outputs: it is refused
 * when the job that closes it is released.
 */
public final class JobChains {
    /** A job's identity and the points it reads and writes. */
    public record Node(String pipelineId, String name, Set<PointRef> inputs, Set<PointRef> outputs) {
        public static Node of(StreamJob job, JobSpec spec) {
            return new Node(job.pipelineId(), job.name(), spec.inputs(), spec.outputs());
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();

    /** {@code jobs}: the organization's released jobs, with the one being released in its new definition. */
    public JobChains(List<Node> jobs) {
        jobs.forEach(n -> nodes.put(n.pipelineId(), n));
    }

    /** Jobs that write a point this job reads. */
    public List<String> upstream(String pipelineId) {
        Node node = nodes.get(pipelineId);
        if (node == null) {
            return List.of();
        }
        return nodes.values().stream().filter(o -> !o.pipelineId().equals(pipelineId))
                .filter(o -> !Collections.disjoint(o.outputs(), node.inputs())).map(Node::pipelineId).toList();
    }

    /** Jobs that read a point this job writes. */
    public List<String> downstream(String pipelineId) {
        Node node = nodes.get(pipelineId);
        if (node == null) {
            return List.of();
        }
        return nodes.values().stream().filter(o -> !o.pipelineId().equals(pipelineId))
                .filter(o -> !Collections.disjoint(node.outputs(), o.inputs())).map(Node::pipelineId).toList();
    }

    /**
     * A loop through the job, as the list of jobs it passes (starting and ending with the job), if any. A job that
     * reads its own output is a loop of one.
     */
    public Optional<List<String>> loopThrough(String pipelineId) {
        Node start = nodes.get(pipelineId);
        if (start == null) {
            return Optional.empty();
        }
        if (!Collections.disjoint(start.outputs(), start.inputs())) {
            return Optional.of(List.of(pipelineId, pipelineId));
        }
        // breadth first, so the loop reported is a shortest one
        Map<String, String> cameFrom = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(pipelineId);
        seen.add(pipelineId);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : downstream(at)) {
                if (next.equals(pipelineId)) {
                    var path = new ArrayList<String>();
                    path.add(pipelineId);
                    for (String step = at; !step.equals(pipelineId); step = cameFrom.get(step)) {
                        path.add(1, step);
                    }
                    path.add(pipelineId);
                    return Optional.of(path);
                }
                if (seen.add(next)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        return Optional.empty();
    }

    /** The names of the jobs, for messages: {@code name (id)}. */
    public String describe(List<String> path) {
        var text = new ArrayList<String>();
        for (String id : path) {
            Node n = nodes.get(id);
            text.add(n == null ? id : n.name() + " (" + id + ")");
        }
        return String.join(" → ", text);
    }
}
