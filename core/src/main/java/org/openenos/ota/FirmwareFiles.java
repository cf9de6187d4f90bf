package org.openenos.ota;

import java.io.IOException;
import java.io.InputStream;
import org.openenos.connectivity.files.FileBlobs;

/**
 * Where firmware files live: a key (organization / firmware id) to bytes, written and read as streams so that no
 * file is ever whole in memory. The embedded default is {@link LocalFirmwareFiles}; an S3-compatible object store
 * fits the same four calls (put object, ranged get, delete, head). It is a {@link FileBlobs} too, so the same store
 * keeps device files.
 */
public interface FirmwareFiles extends FileBlobs {
    /** The bytes from {@code offset} to the end (for resumed downloads, HTTP range requests). */
    InputStream open(String key, long offset) throws IOException;

    /** Size in bytes, or -1 when there is no such file. */
    long size(String key) throws IOException;

    @Override
    default InputStream open(String key) throws IOException {
        return open(key, 0);
    }
}
