package org.openenos.ota;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where firmware files live: a key (organization / firmware id) to bytes, written and read as streams so that no
 * file is ever whole in memory. The embedded default is {@link LocalFirmwareFiles}; an S3-compatible object store
 * fits the same four calls (put object, ranged get, delete, head).
 */
public interface FirmwareFiles {
    /** Stores everything {@code content} yields under {@code key}; the key becomes visible only once complete. */
    void put(String key, InputStream content) throws IOException;

    /** The bytes from {@code offset} to the end (for resumed downloads, HTTP range requests). */
    InputStream open(String key, long offset) throws IOException;

    /** Size in bytes, or -1 when there is no such file. */
    long size(String key) throws IOException;

    void delete(String key) throws IOException;
}
