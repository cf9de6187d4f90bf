package org.openenos.model.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openenos.model.DataType;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingDatapoint;
import org.openenos.model.ThingEvent;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;
import org.openenos.model.ThingService;

/**
 * Checks a thing model against the rules of reference §5 and reports every violation with its field path, so a user
 * fixes all of them in one round.
 */
public final class ModelValidator {
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    static final String IDENTIFIER_RULE =
            "must start with a letter or '_' and contain only letters, digits and '_' (at most 64 characters)";
    private static final Pattern MODEL_PATH = Pattern.compile("(/[A-Za-z_][A-Za-z0-9_]{0,63})+");
    private static final int MAX_ELEMENTS = 2000;

    private ModelValidator() {
    }

    public static void validate(ThingModel model) {
        List<Violation> out = new ArrayList<>();
        if (model.modelId() == null || !IDENTIFIER.matcher(model.modelId()).matches()) {
            out.add(new Violation("modelId", IDENTIFIER_RULE));
        }
        if (!MODEL_PATH.matcher(model.modelIdPath()).matches()
                || (model.modelId() != null && !model.modelIdPath().endsWith("/" + model.modelId()))) {
            out.add(new Violation("modelIdPath", "must be /ancestor/.../modelId and end with the modelId"));
        }
        requireName("name", model.name(), out);
        int total = model.attributes().size() + model.measurepoints().size() + model.services().size()
                + model.events().size();
        if (total > MAX_ELEMENTS) {
            out.add(new Violation("model", "has " + total + " elements; at most " + MAX_ELEMENTS + " are allowed"));
        }
        Set<String> seen = new HashSet<>();
        model.attributes().forEach((key, a) -> {
            String path = "attributes." + key;
            checkKey(path, key, a.identifier(), seen, out);
            DataDefinitionRules.check(path, a.dataType(), a.dataDefinition(), out);
        });
        model.measurepoints().forEach((key, mp) -> checkMeasurepoint("measurepoints." + key, key, mp, seen, out));
        model.services().forEach((key, s) -> checkService("services." + key, key, s, seen, out));
        model.events().forEach((key, e) -> checkEvent("events." + key, key, e, seen, out));
        if (!out.isEmpty()) {
            throw new InvalidModelException(out);
        }
    }

    private static void checkMeasurepoint(String path, String key, ThingMeasurepoint mp, Set<String> seen,
                                          List<Violation> out) {
        checkKey(path, key, mp.identifier(), seen, out);
        DataDefinitionRules.check(path, mp.dataType(), mp.dataDefinition(), out);
        if (mp.hasQuality() && mp.dataType() != null && !mp.dataType().isNumeric()) {
            out.add(new Violation(path + ".hasQuality", "a point with quality must be INT, FLOAT or DOUBLE"));
        }
        if (mp.dataType() != null) {
            switch (mp.signalType()) {
                case AI, PI -> {
                    if (!mp.dataType().isNumeric()) {
                        out.add(new Violation(path + ".signalType", mp.signalType()
                                + " needs a numeric dataType (INT, FLOAT or DOUBLE), not " + mp.dataType()));
                    }
                }
                case DI -> {
                    if (mp.dataType() != DataType.INT && mp.dataType() != DataType.ENUM
                            && mp.dataType() != DataType.BOOL) {
                        out.add(new Violation(path + ".signalType",
                                "DI needs dataType INT, ENUM or BOOL, not " + mp.dataType()));
                    }
                }
                case Generic -> {
                }
            }
        }
    }

    private static void checkService(String path, String key, ThingService s, Set<String> seen,
                                     List<Violation> out) {
        checkKey(path, key, s.identifier(), seen, out);
        checkDatapoints(path + ".inputData", s.inputData(), out);
        checkDatapoints(path + ".outputData", s.outputData(), out);
    }

    private static void checkEvent(String path, String key, ThingEvent e, Set<String> seen, List<Violation> out) {
        checkKey(path, key, e.identifier(), seen, out);
        checkDatapoints(path + ".outputData", e.outputData(), out);
    }

    private static void checkDatapoints(String path, List<ThingDatapoint> points, List<Violation> out) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < points.size(); i++) {
            ThingDatapoint p = points.get(i);
            String at = path + "[" + i + "]";
            if (p.identifier() == null || !IDENTIFIER.matcher(p.identifier()).matches()) {
                out.add(new Violation(at + ".identifier", IDENTIFIER_RULE));
            } else if (!ids.add(p.identifier())) {
                out.add(new Violation(at + ".identifier", "duplicates '" + p.identifier() + "'"));
            }
            DataDefinitionRules.check(at, p.dataType(), p.dataDefinition(), out);
        }
    }

    private static void checkKey(String path, String key, String identifier, Set<String> seen, List<Violation> out) {
        if (!IDENTIFIER.matcher(key).matches()) {
            out.add(new Violation(path, "key " + IDENTIFIER_RULE));
        }
        if (identifier != null && !identifier.equals(key)) {
            out.add(new Violation(path + ".identifier", "must equal its key '" + key + "'"));
        }
        if (!seen.add(key)) {
            out.add(new Violation(path, "identifier '" + key + "' is used by another element of the model"));
        }
    }

    private static void requireName(String path, StringI18n name, List<Violation> out) {
        if (name == null || name.defaultValue() == null || name.defaultValue().isBlank()) {
            out.add(new Violation(path + ".defaultValue", "is required"));
        } else if (name.defaultValue().length() > 100) {
            out.add(new Violation(path + ".defaultValue", "must be at most 100 characters"));
        }
    }

    /** Keys must be unique across all four maps; this view gives a caller the merged identifiers. */
    public static Set<String> identifiers(ThingModel model) {
        Set<String> all = new HashSet<>();
        for (Map<String, ?> m : List.of(model.attributes(), model.measurepoints(), model.services(), model.events())) {
            all.addAll(m.keySet());
        }
        return all;
    }
}
