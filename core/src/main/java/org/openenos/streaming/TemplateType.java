package org.openenos.streaming;

import java.util.Arrays;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/** The kinds of stream job: platform templates filled in with a policy table, or a custom pipeline of operators. */
public enum TemplateType {
    TimeWindowAggregation, MultiPointMerge, ElectricEnergy, TreeRollup, Custom;

    public static TemplateType parse(String name) {
        if (name == null || name.isBlank()) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, "templateType is required");
        }
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(name.trim())).findFirst()
                .orElseThrow(() -> new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG,
                        "templateType: '" + name + "' is not one of " + Arrays.toString(values())));
    }
}
