package org.openenos.ota;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.openenos.security.PrivateFiles;

/**
 * Firmware files on local disk under one directory (by default {@code <data-dir>/firmware}): one folder per
 * organization, one file per firmware. Directories are 0700 and files 0600 from the moment they exist. A file is
 * written to a temporary name and renamed when complete, so a crash mid-upload never leaves a half file under a
 * firmware's key.
 */
public final class LocalFirmwareFiles implements FirmwareFiles {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private static final Set<StandardOpenOption> CREATE_NEW_WRITE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private final Path root;

    public LocalFirmwareFiles(Path root) throws IOException {
        this.root = PrivateFiles.createDirectories(root);
    }

    @Override
    public void put(String key, InputStream content) throws IOException {
        Path target = path(key);
        PrivateFiles.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            try (FileChannel channel = FileChannel.open(tmp, CREATE_NEW_WRITE, PrivateFiles.fileAttributes(tmp));
                 OutputStream out = Channels.newOutputStream(channel)) {
                content.transferTo(out);
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(path(key), StandardOpenOption.READ);
        try {
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return Channels.newInputStream(channel);
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(path(key));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    /** Keys are generated ids, but they still never climb out of the root. */
    private Path path(String key) {
        if (!KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("not a firmware file key: " + key);
        }
        return root.resolve(key);
    }
}
