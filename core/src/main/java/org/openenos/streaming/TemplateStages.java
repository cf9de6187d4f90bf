package org.openenos.streaming;

import java.util.Optional;

/**
 * The stateful stage of each template, by the name the stage-state API takes ({@code stageInstanceName}). A template
 * job is a pipeline the platform builds, with one stage that keeps state per asset (or per tree).
 */
public final class TemplateStages {
    /** Calculated points: the last value of every input point of each asset. */
    public static final String LAST_VALUES = "lastValues";
    /** Window aggregation: the open windows of each asset and policy, with their partial aggregate. */
    public static final String OPEN_WINDOWS = "openWindows";
    /** Daily energy: the energy of each asset's current (and not yet expired) local days. */
    public static final String ENERGY_DAYS = "energyDays";
    /** Tree roll-ups: the latest value of each child input held per tree. */
    public static final String HELD_INPUTS = "heldInputs";

    private TemplateStages() {
    }

    /** The template's stateful stage; none for a custom pipeline (its stages are its own). */
    public static Optional<String> of(TemplateType type) {
        return Optional.ofNullable(switch (type) {
            case MultiPointMerge -> LAST_VALUES;
            case TimeWindowAggregation -> OPEN_WINDOWS;
            case ElectricEnergy -> ENERGY_DAYS;
            case TreeRollup -> HELD_INPUTS;
            default -> null;
        });
    }
}
