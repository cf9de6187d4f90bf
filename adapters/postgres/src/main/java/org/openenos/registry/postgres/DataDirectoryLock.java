package org.openenos.registry.postgres;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.openenos.security.PrivateFiles;

/**
 * One server per data directory. The operating system releases the lock when its process ends, however it ends, so
 * a killed server never blocks the next start, while a second live server on the same directory is refused before
 * it could touch the first one's database.
 */
final class DataDirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirectoryLock acquire(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), PrivateFiles.fileAttributes(file));
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another OpenEnOS server is running on the data directory "
                    + file.getParent() + "; stop it first or choose another OPENENOS_DATA_DIR");
        }
        return new DataDirectoryLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is stopping anyway; the OS drops the lock with it
        }
    }
}
