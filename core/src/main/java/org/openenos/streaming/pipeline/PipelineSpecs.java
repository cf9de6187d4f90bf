package org.openenos.streaming.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openenos.alerting.expression.Expression;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.streaming.PointRef;

/**
 * Validates the JSON of a custom pipeline ({@code {"stages": [{"id", "operator", "inputs", "config"}]}}) into a
 * {@link Pipeline}, before it is saved or released. Every error names the stage and the field
 * ({@code stages[2] (avg).inputs: no stage 'sel2' in this pipeline}): unknown operators, missing inputs, cycles,
 * a stage that needs a point or attribute its inputs do not carry (type mismatch), points the organization's
 * models do not have, and expression syntax errors with their position.
 */
public final class PipelineSpecs {
    private static final Pattern STAGE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private PipelineSpecs() {
    }

    /** Validates without the models' points (checked again with them when the job is saved or released). */
    public static Pipeline parse(Map<String, Object> config) {
        return parse(config, PointCatalog.ANY);
    }

    public static Pipeline parse(Map<String, Object> config, PointCatalog catalog) {
        List<Map<String, Object>> rows = rows(config);
        var stages = new ArrayList<Stage>();
        var index = new HashMap<String, Integer>();
        for (int i = 0; i < rows.size(); i++) {
            Stage stage = stage(rows.get(i), i);
            Integer earlier = index.putIfAbsent(stage.id(), i);
            if (earlier != null) {
                throw invalid("stages[" + i + "].id: '" + stage.id() + "' is already the id of stages[" + earlier
                        + "]");
            }
            stages.add(stage);
        }
        checkInputs(stages, index);
        List<Stage> ordered = topological(stages, index);
        if (stages.stream().noneMatch(s -> s.operator() == Operator.Output)) {
            throw invalid("stages: there is no Output stage, so the pipeline would write nothing");
        }
        return new Pipeline(ordered, shapes(ordered, index, catalog));
    }

    static String at(int i, String id) {
        return "stages[" + i + "] (" + id + ").";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> config) {
        Object value = config == null ? null : config.get("stages");
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER,
                    "config.stages: at least one stage is required");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map)) {
                throw invalid("stages[" + i + "]: must be an object");
            }
        }
        return (List<Map<String, Object>>) list;
    }

    @SuppressWarnings("unchecked")
    private static Stage stage(Map<String, Object> row, int i) {
        String id = StageConfigs.text(row, "id", "stages[" + i + "].");
        if (!STAGE_ID.matcher(id).matches()) {
            throw invalid("stages[" + i + "].id: '" + id + "' must be 1 to 64 letters, digits, '_', '.' or '-'");
        }
        String at = at(i, id);
        String name = StageConfigs.text(row, "operator", at);
        Operator operator = Operator.byName(name);
        if (operator == null) {
            throw invalid(at + "operator: '" + name + "' is not one of " + Operator.names());
        }
        Object inputs = row.get("inputs");
        var ids = new ArrayList<String>();
        if (inputs != null) {
            if (!(inputs instanceof List<?> list)) {
                throw invalid(at + "inputs: must be a list of stage ids");
            }
            list.forEach(o -> ids.add(String.valueOf(o).trim()));
        }
        Object config = row.get("config");
        if (config != null && !(config instanceof Map)) {
            throw invalid(at + "config: must be an object");
        }
        Map<String, Object> fields = config == null ? Map.of() : (Map<String, Object>) config;
        return new Stage(id, operator, ids, StageConfigs.parse(operator, fields, at + "config."));
    }

    private static void checkInputs(List<Stage> stages, Map<String, Integer> index) {
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            String at = at(i, s.id());
            if (s.operator() == Operator.PointSelector) {
                if (!s.inputs().isEmpty()) {
                    throw invalid(at + "inputs: a PointSelector reads the log and takes no input stage");
                }
                continue;
            }
            if (s.inputs().isEmpty()) {
                throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER,
                        at + "inputs: at least one input stage is required");
            }
            var seen = new LinkedHashSet<String>();
            for (String input : s.inputs()) {
                Integer from = index.get(input);
                if (from == null) {
                    throw invalid(at + "inputs: no stage '" + input + "' in this pipeline");
                }
                if (!seen.add(input)) {
                    throw invalid(at + "inputs: '" + input + "' is listed twice");
                }
                if (stages.get(from).operator() == Operator.Output) {
                    throw invalid(at + "inputs: '" + input + "' is an Output stage, which emits no records");
                }
            }
        }
    }

    /** The stages in an order where each follows its inputs; a cycle is an error that shows it. */
    private static List<Stage> topological(List<Stage> stages, Map<String, Integer> index) {
        var pending = new LinkedHashMap<String, Integer>();
        var readers = new HashMap<String, List<String>>();
        for (Stage s : stages) {
            pending.put(s.id(), s.inputs().size());
            s.inputs().forEach(in -> readers.computeIfAbsent(in, k -> new ArrayList<>()).add(s.id()));
        }
        var ready = new ArrayDeque<String>();
        pending.forEach((id, n) -> {
            if (n == 0) {
                ready.add(id);
            }
        });
        var ordered = new ArrayList<Stage>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            ordered.add(stages.get(index.get(id)));
            for (String reader : readers.getOrDefault(id, List.of())) {
                if (pending.merge(reader, -1, Integer::sum) == 0) {
                    ready.add(reader);
                }
            }
        }
        if (ordered.size() < stages.size()) {
            List<String> cycle = cycle(stages, index, ordered);
            String last = cycle.getLast();
            throw invalid(at(index.get(last), last) + "inputs: '" + cycle.get(cycle.size() - 2)
                    + "' closes a cycle " + String.join(" → ", cycle));
        }
        return ordered;
    }

    /** One cycle among the stages left unordered, written from a stage back to itself along the data flow. */
    private static List<String> cycle(List<Stage> stages, Map<String, Integer> index, List<Stage> ordered) {
        var done = new LinkedHashSet<String>();
        ordered.forEach(s -> done.add(s.id()));
        String start = stages.stream().map(Stage::id).filter(id -> !done.contains(id)).findFirst().orElseThrow();
        // walk upstream through unordered inputs until a stage repeats
        var path = new ArrayList<String>();
        String current = start;
        while (!path.contains(current)) {
            path.add(current);
            current = stages.get(index.get(current)).inputs().stream().filter(in -> !done.contains(in))
                    .findFirst().orElseThrow();
        }
        List<String> loop = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        java.util.Collections.reverse(loop);
        loop.addFirst(loop.getLast()); // ends at the first stage of the cycle as defined, where it is reported
        return loop;
    }

    /**
     * Computes each stage's shape in order and checks what each stage needs; returns the points each stage emits
     * (an Output stage: the points it writes).
     */
    private static Map<String, Set<PointRef>> shapes(List<Stage> ordered, Map<String, Integer> index,
                                                     PointCatalog catalog) {
        var shapes = new HashMap<String, StreamShape>();
        var points = new LinkedHashMap<String, Set<PointRef>>();
        var read = new LinkedHashSet<PointRef>();
        for (Stage s : ordered) {
            if (s.config() instanceof StageConfig.PointSelector sel) {
                read.addAll(sel.points());
            }
        }
        for (Stage s : ordered) {
            String at = at(index.get(s.id()), s.id());
            StreamShape in = StreamShape.EMPTY;
            for (String input : s.inputs()) {
                in = in.union(shapes.get(input));
            }
            StreamShape out = StageShapes.out(s, in, at);
            shapes.put(s.id(), out);
            points.put(s.id(), out.points());
            if (s.config() instanceof StageConfig.PointSelector sel) {
                for (PointRef p : sel.points()) {
                    known(catalog, p, at + "config.points");
                }
            } else if (s.operator() == Operator.Output) {
                for (PointRef p : in.points()) {
                    known(catalog, p, at + "inputs");
                    if (read.contains(p)) {
                        throw invalid(at + "inputs: " + p + " is both read and written by this pipeline (a loop)");
                    }
                }
                points.put(s.id(), in.points());
            }
        }
        return points;
    }

    private static void known(PointCatalog catalog, PointRef point, String field) {
        if (catalog == PointCatalog.ANY) {
            return;
        }
        Set<String> points = catalog.points(point.modelId()).orElseThrow(() -> invalid(field + ": model '"
                + point.modelId() + "' does not exist"));
        if (!points.contains(point.pointId())) {
            throw invalid(field + ": " + point + " is not a measure point of model " + point.modelId());
        }
    }

    static Expression expression(StageConfig.ExpressionEvaluator config, String at) {
        return StageConfigs.expression(config.expression(), at + "config.");
    }

    static OpenEnosException invalid(String message) {
        return StageConfigs.invalid(message);
    }
}
