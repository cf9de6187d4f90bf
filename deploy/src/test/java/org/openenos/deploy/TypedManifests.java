package org.openenos.deploy;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The manifests as Kubernetes' own types (fabric8's model, generated from the API's OpenAPI schema). A field the
 * schema does not have lands in an object's additional properties; such fields are reported with their path, so a
 * misspelt or misplaced field fails instead of being silently ignored by the cluster.
 */
final class TypedManifests {
    /** apiVersion/kind → type; any other pair is not a kind these manifests may use. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private TypedManifests() {
    }

    static HasMetadata read(Map<String, Object> document) {
        String key = document.get("apiVersion") + "/" + document.get("kind");
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new IllegalArgumentException("unknown kind " + key + " (known: " + KINDS.keySet() + ")");
        }
        return MAPPER.convertValue(document, type);
    }

    /** Paths of the fields that the schema does not know, e.g. spec.template.spec.containers[0].livenesProbe. */
    static List<String> unknownFields(Object typed) {
        List<String> unknown = new ArrayList<>();
        walk(typed, "", unknown);
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> walk(v, path + "." + k, unknown));
            return;
        }
        if (value == null || !value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (name.equals("additionalProperties")) {
                ((Map<?, ?>) field).keySet().forEach(k -> unknown.add(path.isEmpty() ? "" + k : path + "." + k));
            } else {
                walk(field, path.isEmpty() ? name : path + "." + name, unknown);
            }
        }
    }
}
