package org.openenos.streaming;

import static org.openenos.streaming.JobSpecs.invalid;
import static org.openenos.streaming.JobSpecs.number;
import static org.openenos.streaming.JobSpecs.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Parses the config of the asset-tree roll-up template ({@code TreeRollup}):
 * <pre>{"treeRefreshSeconds": 30, "policies": [{"treeId": "T", "modelId": "inverter", "inputPoint": "power",
 *   "aggregation": "sum", "scope": "children", "outputModelId": "site", "outputPoint": "power_total",
 *   "staleAfterSeconds": 300}]}</pre>
 */
final class RollupSpecs {
    static final long DEFAULT_REFRESH_SECONDS = 30;
    static final long DEFAULT_STALE_AFTER_SECONDS = 300;

    private RollupSpecs() {
    }

    static JobSpec.TreeRollup parse(Map<String, Object> config) {
        double refresh = number(config, "treeRefreshSeconds", DEFAULT_REFRESH_SECONDS, "treeRefreshSeconds");
        if (refresh < 1 || refresh > 3600) {
            throw invalid("treeRefreshSeconds: must be between 1 and 3600");
        }
        var policies = new ArrayList<RollupPolicy>();
        var outputs = new HashSet<PointRef>();
        List<Map<String, Object>> rows = JobSpecs.policies(config);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            String at = "policies[" + i + "].";
            String tree = text(row, "treeId", at);
            String model = text(row, "modelId", at);
            String input = text(row, "inputPoint", at);
            String outputModel = text(row, "outputModelId", at);
            String output = text(row, "outputPoint", at);
            if (!outputs.add(new PointRef(outputModel, output))) {
                throw invalid(at + "outputPoint: " + outputModel + "::" + output + " is written by another policy");
            }
            RollupAggregation aggregation;
            try {
                aggregation = RollupAggregation.parse(text(row, "aggregation", at));
            } catch (IllegalArgumentException e) {
                throw invalid(at + "aggregation: " + e.getMessage());
            }
            String scope = row.get("scope") == null ? "children" : String.valueOf(row.get("scope")).trim();
            if (!scope.equals("children") && !scope.equals("subtree")) {
                throw invalid(at + "scope: must be 'children' or 'subtree'");
            }
            double stale = number(row, "staleAfterSeconds", DEFAULT_STALE_AFTER_SECONDS, at + "staleAfterSeconds");
            if (stale < 0 || stale > 30 * 86_400) {
                throw invalid(at + "staleAfterSeconds: must be between 0 (never stale) and 2592000 (30 days)");
            }
            policies.add(new RollupPolicy(tree, model, input, aggregation, scope.equals("subtree"), outputModel,
                    output, Math.round(stale * 1000)));
        }
        var spec = new JobSpec.TreeRollup(Math.round(refresh * 1000), policies);
        JobSpecs.refuseLoops(spec);
        return spec;
    }
}
