package org.openenos.timeseries.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.security.PrivateFiles;
import org.openenos.timeseries.StoragePolicyGroup;
import org.openenos.timeseries.StoragePolicyGroup.TypePolicy;
import org.openenos.timeseries.StorageType;

/**
 * Storage policy groups in a tab-separated file next to the time-series data: they describe that data and are
 * backed up with it, and a handful of lines per organization needs no database. Replaced atomically (write, fsync,
 * rename). Lines: {@code group id org name models} and {@code type groupId TYPE retention model points}, lists
 * comma-separated.
 */
public final class StoragePolicyFile {
    private final Path file;

    public StoragePolicyFile(Path file) {
        this.file = file;
    }

    List<StoragePolicyGroup> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        record Head(String org, String name, Set<String> models) {
        }
        var heads = new LinkedHashMap<String, Head>();
        var types = new LinkedHashMap<String, Map<StorageType, String>>();
        var points = new LinkedHashMap<String, Map<StorageType, Map<String, Set<String>>>>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f[0].equals("group") && f.length == 5) {
                    heads.put(f[1], new Head(f[2], f[3], list(f[4])));
                } else if (f[0].equals("type") && f.length == 6) {
                    StorageType type = StorageType.valueOf(f[2]);
                    types.computeIfAbsent(f[1], g -> new EnumMap<>(StorageType.class)).put(type, f[3]);
                    if (!f[4].isEmpty()) {
                        points.computeIfAbsent(f[1], g -> new EnumMap<>(StorageType.class))
                                .computeIfAbsent(type, t -> new LinkedHashMap<>()).put(f[4], list(f[5]));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        var groups = new ArrayList<StoragePolicyGroup>();
        heads.forEach((id, h) -> {
            var byType = new EnumMap<StorageType, TypePolicy>(StorageType.class);
            types.getOrDefault(id, Map.of()).forEach((type, retention) -> byType.put(type, new TypePolicy(retention,
                    points.getOrDefault(id, Map.of()).getOrDefault(type, Map.of()))));
            groups.add(new StoragePolicyGroup(id, h.org(), h.name(), h.models(), byType));
        });
        return groups;
    }

    void save(List<StoragePolicyGroup> groups) {
        var text = new StringBuilder();
        for (StoragePolicyGroup g : groups) {
            text.append("group\t").append(g.groupId()).append('\t').append(g.orgId()).append('\t').append(g.name())
                    .append('\t').append(String.join(",", g.modelIds())).append('\n');
            g.types().forEach((type, p) -> {
                String head = "type\t" + g.groupId() + "\t" + type + "\t" + (p.retention() == null ? "" : p.retention());
                text.append(head).append("\t\t\n");
                p.pointsByModel().forEach((model, pts) -> text.append(head).append('\t').append(model).append('\t')
                        .append(String.join(",", pts)).append('\n'));
            });
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING),
                PrivateFiles.fileAttributes(tmp))) {
                ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Set<String> list(String commaSeparated) {
        var set = new LinkedHashSet<String>();
        Arrays.stream(commaSeparated.split(",")).filter(s -> !s.isEmpty()).forEach(set::add);
        return set;
    }
}
