package org.openenos.connectivity.files;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where the bytes of device files live, by key (organization / file id). The server backs it with the firmware file
 * store ({@code org.openenos.ota.FirmwareFiles}, local disk or an object store) in a folder of its own; the port is
 * declared here so that connectivity does not depend on the OTA context (which depends on connectivity).
 */
public interface FileBlobs {
    /** Stores everything {@code content} yields under {@code key}; the key becomes visible only once complete. */
    void put(String key, InputStream content) throws IOException;

    InputStream open(String key) throws IOException;

    void delete(String key) throws IOException;
}
