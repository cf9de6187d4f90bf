package org.openenos.edge.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a store-and-forward directory, held for the life of the edge. Two edges appending to and
 * acknowledging the same log would corrupt each other's positions, so the second one must stop before it opens
 * anything. The operating system releases the lock when the process dies, so a crash never leaves a stale lock.
 */
public final class BufferDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private BufferDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails at once with {@link BufferLockedException} when another edge holds it. */
    public static BufferDirectoryLock acquire(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new BufferLockedException("the buffer directory " + directory.toAbsolutePath()
                        + " is in use by another edge process (lock file " + file.getFileName()
                        + "); give each edge its own buffer.directory or stop the other one");
            }
            return new BufferDirectoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the buffer directory " + directory.toAbsolutePath(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** Another edge holds the buffer directory. */
    public static final class BufferLockedException extends IllegalStateException {
        public BufferLockedException(String message) {
            super(message);
        }
    }
}
