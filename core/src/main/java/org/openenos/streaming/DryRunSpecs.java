package org.openenos.streaming;

import java.util.ArrayList;
import java.util.List;

/**
 * Adapts a definition to a run over history. A calculated point triggered at a fixed frequency is evaluated by the
 * live engine at ticks of its own clock, which history does not have: in a dry run it is evaluated on every input
 * value instead, and a note says so. A roll-up runs over today's tree, which a note also says. Everything else runs
 * unchanged.
 */
final class DryRunSpecs {
    private DryRunSpecs() {
    }

    static JobSpec forHistory(JobSpec spec, List<String> notes) {
        if (spec instanceof JobSpec.PointMerge merge) {
            var policies = new ArrayList<JobSpec.MergePolicy>();
            for (JobSpec.MergePolicy p : merge.policies()) {
                if (p.frequencyMillis() > 0) {
                    notes.add(p.modelId() + "::" + p.outputPoint() + " is triggered every " + p.frequencyMillis()
                            + " ms live; the dry run evaluates it on every input value instead");
                    policies.add(new JobSpec.MergePolicy(p.modelId(), p.outputPoint(), p.expression(), p.inputs(),
                            null, 0));
                } else {
                    policies.add(p);
                }
            }
            return new JobSpec.PointMerge(policies, merge.attributeRefreshMillis());
        }
        if (spec instanceof JobSpec.Custom custom && custom.pipeline().stages().stream()
                .anyMatch(s -> s.operator() == org.openenos.streaming.pipeline.Operator.RecordGenerator)) {
            notes.add("record generators tick on the engine's clock, which history does not have: the dry run"
                    + " generates no records");
        }
        if (spec instanceof JobSpec.TreeRollup) {
            notes.add("the roll-up runs over the tree as the registry has it now; inputs age out on the clock of"
                    + " the stored values, checked at the first value after each tick and at the end of the span");
        }
        return spec;
    }
}
