package org.openenos.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders a kustomization directory the way {@code kubectl kustomize} does, for the few fields the project's
 * manifests use (resources, namespace, labels, images, replicas, patches merging maps). A field outside that set
 * fails the rendering, so the check can never pass over something it did not apply.
 */
final class Kustomization {
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "labels",
            "images", "replicas", "patches");
    /** The kinds whose replicas kustomize sets (a PodDisruptionBudget of the same name keeps its own spec). */
    private static final Set<String> SCALABLE = Set.of("Deployment", "StatefulSet", "ReplicaSet",
            "ReplicationController");

    private Kustomization() {
    }

    static List<Map<String, Object>> render(Path directory) {
        Map<String, Object> kustomization = single(directory.resolve("kustomization.yaml"));
        List<String> unsupported = kustomization.keySet().stream().filter(k -> !SUPPORTED.contains(k)).toList();
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException(directory + ": the check cannot render " + unsupported);
        }
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object resource : list(kustomization.get("resources"))) {
            Path path = directory.resolve((String) resource).normalize();
            documents.addAll(Files.isDirectory(path) ? render(path) : load(path));
        }
        for (Object entry : list(kustomization.get("labels"))) {
            Map<String, Object> pairs = map(map(entry).get("pairs"));
            documents.forEach(d -> map(metadata(d).computeIfAbsent("labels", k -> new LinkedHashMap<>())).putAll(pairs));
        }
        if (kustomization.get("namespace") instanceof String namespace) {
            documents.forEach(d -> metadata(d).put("namespace", namespace));
        }
        for (Object entry : list(kustomization.get("images"))) {
            Map<String, Object> image = map(entry);
            documents.forEach(d -> containers(d).forEach(c -> retag(c, image)));
        }
        for (Object entry : list(kustomization.get("replicas"))) {
            Map<String, Object> replicas = map(entry);
            named(documents, null, (String) replicas.get("name")).stream()
                    .filter(d -> SCALABLE.contains(d.get("kind")))
                    .forEach(d -> map(d.get("spec")).put("replicas", replicas.get("count")));
        }
        for (Object entry : list(kustomization.get("patches"))) {
            Map<String, Object> patch = single(directory.resolve((String) map(entry).get("path")));
            List<Map<String, Object>> targets = named(documents, (String) patch.get("kind"),
                    (String) metadata(patch).get("name"));
            if (targets.isEmpty()) {
                throw new IllegalArgumentException(directory + ": the patch " + map(entry).get("path")
                        + " matches no resource");
            }
            targets.forEach(t -> merge(t, patch));
        }
        return documents;
    }

    static List<Map<String, Object>> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document != null) {
                    documents.add(map(document));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** The containers and init containers of a workload's pod template (none for other kinds). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> containers(Map<String, Object> document) {
        if (!(map(document.getOrDefault("spec", Map.of())).get("template") instanceof Map<?, ?> template)) {
            return List.of();
        }
        Map<String, Object> podSpec = map(((Map<String, Object>) template).get("spec"));
        List<Map<String, Object>> containers = new ArrayList<>();
        for (String key : List.of("initContainers", "containers")) {
            list(podSpec.get(key)).forEach(c -> containers.add(map(c)));
        }
        return containers;
    }

    static Map<String, Object> metadata(Map<String, Object> document) {
        return map(document.computeIfAbsent("metadata", k -> new LinkedHashMap<>()));
    }

    private static Map<String, Object> single(Path file) {
        List<Map<String, Object>> documents = load(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + " must hold one document, not " + documents.size());
        }
        return documents.getFirst();
    }

    private static List<Map<String, Object>> named(List<Map<String, Object>> documents, String kind, String name) {
        return documents.stream()
                .filter(d -> (kind == null || kind.equals(d.get("kind"))) && name.equals(metadata(d).get("name")))
                .toList();
    }

    private static void retag(Map<String, Object> container, Map<String, Object> image) {
        String current = (String) container.get("image");
        int tagAt = current.lastIndexOf(':');
        String name = tagAt > current.lastIndexOf('/') ? current.substring(0, tagAt) : current;
        if (name.equals(image.get("name"))) {
            String tag = tagAt > current.lastIndexOf('/') ? current.substring(tagAt + 1) : "latest";
            container.put("image", image.getOrDefault("newName", name) + ":" + image.getOrDefault("newTag", tag));
        }
    }

    /** A strategic merge patch as far as maps go: keys are merged, anything else is replaced. */
    private static void merge(Map<String, Object> target, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            if (value instanceof Map<?, ?> && target.get(key) instanceof Map<?, ?>) {
                merge(map(target.get(key)), map(value));
            } else {
                target.put(key, value);
            }
        });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }

    static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }
}
