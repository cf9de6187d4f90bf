package org.openenos.streaming;

import java.io.Serializable;

/** A measure point of a thing model, written {@code model::point} in expressions and pipelines. */
public record PointRef(String modelId, String pointId) implements Serializable {
    public static PointRef parse(String text, String defaultModel) {
        int sep = text.indexOf("::");
        return sep < 0 ? new PointRef(defaultModel, text.trim())
                : new PointRef(text.substring(0, sep).trim(), text.substring(sep + 2).trim());
    }

    @Override
    public String toString() {
        return modelId + "::" + pointId;
    }
}
