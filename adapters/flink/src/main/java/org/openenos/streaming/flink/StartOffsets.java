package org.openenos.streaming.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The log offsets a job first started from, in a small file beside its checkpoints (replaced atomically). */
final class StartOffsets {
    private static final String FILE = "start-offsets";

    private StartOffsets() {
    }

    static Optional<Map<Integer, Long>> read(Path jobDir) {
        Path file = jobDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            var offsets = new TreeMap<Integer, Long>();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                }
            }
            return Optional.of(offsets);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static void write(Path jobDir, Map<Integer, Long> offsets) {
        var text = new StringBuilder();
        new TreeMap<>(offsets).forEach((p, o) -> text.append(p).append(' ').append(o).append('\n'));
        try {
            Files.createDirectories(jobDir);
            Path tmp = jobDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, jobDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the start offsets of " + jobDir, e);
        }
    }
}
