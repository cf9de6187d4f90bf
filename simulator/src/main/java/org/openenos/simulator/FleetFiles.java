package org.openenos.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Keeps a provisioned fleet (with device secrets) on disk so a restart streams the same devices again. */
public final class FleetFiles {
    private FleetFiles() {
    }

    public static Optional<ProvisionedFleet> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(EnosApiClient.JSON.readValue(Files.readString(file), ProvisionedFleet.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static void write(Path file, ProvisionedFleet fleet) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, EnosApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fleet));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
