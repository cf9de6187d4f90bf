package org.openenos.server;

import java.io.IOException;
import org.openenos.ota.FirmwareFiles;

/**
 * The server's one file store, handing out a folder of it to each kind of file (firmware, device files). Which
 * store it is comes from {@code openenos.files.store}; the S3 one lives in {@link S3FileStore}, a class the local
 * default never touches, so the embedded server does not load the S3 client.
 */
interface FileStore extends AutoCloseable {
    FirmwareFiles folder(String name) throws IOException;

    /** Whether the store answers (always for local disk; a bucket check for S3). */
    boolean reachable();

    String describe();

    @Override
    default void close() {
    }
}
