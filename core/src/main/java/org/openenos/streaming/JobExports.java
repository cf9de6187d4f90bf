package org.openenos.streaming;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/**
 * Export and import of a job's definition as one JSON document, as EnOS offers for template jobs ("import keeps the
 * template and version"): the template, the draft's policy table, and where it came from. Ids, status and runtime
 * state are not part of it: an import is a new draft.
 */
public final class JobExports {
    /** Version of the document's shape, so a later shape can still read this one. */
    public static final int FORMAT = 1;

    private JobExports() {
    }

    public record Imported(String name, String templateType, Map<String, Object> config) {
    }

    public static Map<String, Object> export(StreamJob job) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("format", FORMAT);
        doc.put("pipelineName", job.name());
        doc.put("templateType", job.templateType().name());
        doc.put("templateVersion", job.templateType().name() + "/1");
        doc.put("config", job.config());
        doc.put("sourcePipelineId", job.pipelineId());
        doc.put("sourceVersion", job.version());
        return doc;
    }

    @SuppressWarnings("unchecked")
    public static Imported read(Map<String, Object> doc) {
        if (doc == null) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, "the exported job document is required");
        }
        Object format = doc.get("format");
        if (format != null && !String.valueOf(format).equals(String.valueOf(FORMAT))) {
            throw new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG,
                    "format: " + format + " is not a job export this server reads (" + FORMAT + ")");
        }
        Object type = doc.get("templateType");
        if (type == null) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, "templateType is required");
        }
        Object config = doc.get("config");
        if (!(config instanceof Map)) {
            throw new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG, "config: must be an object");
        }
        Object name = doc.get("pipelineName");
        return new Imported(name == null ? null : String.valueOf(name), String.valueOf(type),
                (Map<String, Object>) config);
    }
}
