package org.openenos.server;

import java.io.IOException;
import java.nio.file.Path;
import org.openenos.ota.FirmwareFiles;
import org.openenos.ota.LocalFirmwareFiles;

/** The embedded default: one folder of the data directory per kind of file. */
record LocalFileStore(Path dataDir) implements FileStore {
    @Override
    public FirmwareFiles folder(String name) throws IOException {
        return new LocalFirmwareFiles(dataDir.resolve(name));
    }

    @Override
    public boolean reachable() {
        return true;
    }

    @Override
    public String describe() {
        return "local disk";
    }
}
