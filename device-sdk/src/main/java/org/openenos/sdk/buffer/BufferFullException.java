package org.openenos.sdk.buffer;

/** The on-disk buffer reached its size limit; the caller keeps the data and decides (nothing was written). */
public class BufferFullException extends RuntimeException {
    public BufferFullException(String message) {
        super(message);
    }
}
