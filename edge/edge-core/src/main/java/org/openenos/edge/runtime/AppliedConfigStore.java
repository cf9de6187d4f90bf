package org.openenos.edge.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last field configuration pushed from the cloud and applied, kept beside the store-and-forward log (whose
 * directory lock this edge holds) so that a restart runs it instead of the file's field part (ADR 0059). The text is
 * written first and the version last, each through a temporary file and an atomic rename.
 */
public final class AppliedConfigStore {
    private final Path directory;

    public AppliedConfigStore(Path directory) {
        this.directory = directory;
    }

    /** A version from the cloud and its text, as the cloud sent it. */
    public record Applied(long version, String text) {
    }

    public Optional<Applied> load() {
        Path text = directory.resolve("field-config.yaml");
        Path version = directory.resolve("field-config.version");
        if (!Files.exists(text) || !Files.exists(version)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Applied(Long.parseLong(Files.readString(version).trim()),
                    Files.readString(text, StandardCharsets.UTF_8)));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the applied configuration in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    public void save(Applied applied) {
        try {
            Files.createDirectories(directory);
            write(directory.resolve("field-config.yaml"), applied.text());
            write(directory.resolve("field-config.version"), Long.toString(applied.version()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the applied configuration in " + directory, e);
        }
    }

    private static void write(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
