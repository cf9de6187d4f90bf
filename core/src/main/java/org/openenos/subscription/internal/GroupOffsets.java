package org.openenos.subscription.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed offsets of a subscription's consumer groups: {@code group partition offset} lines in one file,
 * replaced atomically (write, fsync, rename) on every commit, so a crash leaves either the old or the new file. The
 * SDKs commit every 5 s per consumer, so one small file write per commit is cheap.
 */
final class GroupOffsets {
    private final Path file;
    private final Map<String, Map<Integer, Long>> committed = new TreeMap<>();

    GroupOffsets(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.split("\t");
                    if (parts.length == 3) {
                        committed.computeIfAbsent(parts[0], g -> new TreeMap<>())
                                .put(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read consumer offsets " + file, e);
            }
        }
    }

    synchronized Map<Integer, Long> of(String group) {
        return Map.copyOf(committed.getOrDefault(group, Map.of()));
    }

    synchronized Map<String, Map<Integer, Long>> all() {
        var copy = new TreeMap<String, Map<Integer, Long>>();
        committed.forEach((g, o) -> copy.put(g, Map.copyOf(o)));
        return copy;
    }

    synchronized void commit(String group, Map<Integer, Long> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        committed.computeIfAbsent(group, g -> new TreeMap<>()).putAll(offsets);
        var text = new StringBuilder();
        committed.forEach((g, o) -> o.forEach((p, offset) ->
                text.append(g).append('\t').append(p).append('\t').append(offset).append('\n')));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write consumer offsets " + file, e);
        }
    }
}
