package org.openenos.timeseries.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.openenos.timeseries.AggregateFunction;

/** One term of {@code pointIdsWithLogic}, e.g. {@code avg(p1)}. */
public record PointLogic(AggregateFunction function, String pointId) {
    private static final Pattern TERM = Pattern.compile("\\s*(\\w+)\\s*\\(\\s*([^()\\s]+)\\s*\\)\\s*");

    public static List<PointLogic> parseAll(String pointIdsWithLogic) {
        if (pointIdsWithLogic == null || pointIdsWithLogic.isBlank()) {
            throw TsdbTime.bad("pointIdsWithLogic is required, e.g. \"avg(p1),max(p2)\"");
        }
        var terms = new ArrayList<PointLogic>();
        for (String term : pointIdsWithLogic.split(",")) {
            var m = TERM.matcher(term);
            if (!m.matches()) {
                throw TsdbTime.bad("'" + term.trim() + "' is not of the form function(pointId)");
            }
            try {
                terms.add(new PointLogic(AggregateFunction.parse(m.group(1)), m.group(2)));
            } catch (IllegalArgumentException e) {
                throw TsdbTime.bad("unknown function '" + m.group(1) + "'; use count, avg, sum, max, min, first or last");
            }
        }
        return terms;
    }
}
