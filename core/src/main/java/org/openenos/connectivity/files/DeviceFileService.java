package org.openenos.connectivity.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.openenos.connectivity.DeviceRef;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.files.SizeLimitedInputStream;

/**
 * Device files (reference §4 "Files", §6.2 "files"): uploads streamed into {@link FileBlobs}, which the server
 * backs with the firmware file store (local disk under the data directory by default), never whole in memory, cut off at {@code maxSize}; metadata in
 * {@link DeviceFileStore}. A file belongs to one device and its organization: a device reaches only its own files,
 * an application only those of its organization, and anything else is "not found".
 */
public final class DeviceFileService {
    private static final Pattern FILE_NAME = Pattern.compile("[^/\\\\\\x00-\\x1f]{1,255}");
    private final DeviceFileStore store;
    private final FileBlobs blobs;
    private final long maxSize;
    private final Clock clock;

    public DeviceFileService(DeviceFileStore store, FileBlobs blobs, long maxSize, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.maxSize = maxSize;
        this.clock = clock;
    }

    public long maxSize() {
        return maxSize;
    }

    public DeviceFile upload(DeviceRef device, String fileName, InputStream content) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw OpenEnosException.badArgument("file name: 1 to 255 characters without / \\ or control characters");
        }
        String fileId = UUID.randomUUID().toString().replace("-", "");
        DeviceFile pending = new DeviceFile(fileId, device.orgId(), device.assetId(), fileName, 0, null,
                clock.instant());
        MessageDigest md5 = md5();
        SizeLimitedInputStream counted = new SizeLimitedInputStream(new DigestInputStream(content, md5), maxSize);
        try {
            blobs.put(pending.storageKey(), counted);
        } catch (SizeLimitedInputStream.LimitExceeded e) {
            deleteQuietly(pending.storageKey());
            throw OpenEnosException.badArgument("file larger than the limit of " + maxSize + " bytes");
        } catch (IOException e) {
            deleteQuietly(pending.storageKey());
            throw new UncheckedIOException("device file upload failed", e);
        }
        DeviceFile file = new DeviceFile(fileId, device.orgId(), device.assetId(), fileName, counted.count(),
                HexFormat.of().formatHex(md5.digest()), pending.createTime());
        try {
            store.insert(file);
        } catch (RuntimeException e) {
            deleteQuietly(pending.storageKey()); // no record points at the bytes: do not keep them
            throw e;
        }
        return file;
    }

    /** The file a device may read: one of its own. */
    public DeviceFile ofDevice(DeviceRef device, String fileUri) {
        DeviceFile file = find(fileUri);
        if (!file.orgId().equals(device.orgId()) || !file.assetId().equals(device.assetId())) {
            throw notFound(fileUri);
        }
        return file;
    }

    /** The file an application of {@code orgId} may read: one of its organization. */
    public DeviceFile ofOrganization(String orgId, String fileUri) {
        DeviceFile file = find(fileUri);
        if (!file.orgId().equals(orgId)) {
            throw notFound(fileUri);
        }
        return file;
    }

    public InputStream open(DeviceFile file) {
        try {
            return blobs.open(file.storageKey());
        } catch (IOException e) {
            throw new UncheckedIOException("device file " + file.fileId() + " cannot be read", e);
        }
    }

    public void delete(DeviceFile file) {
        store.delete(file.fileId());
        deleteQuietly(file.storageKey());
    }

    private DeviceFile find(String fileUri) {
        String id = fileUri == null ? "" : fileUri.startsWith(DeviceFile.URI_SCHEME)
                ? fileUri.substring(DeviceFile.URI_SCHEME.length()) : fileUri;
        if (!id.matches("[0-9a-f]{32}")) {
            throw notFound(fileUri);
        }
        return store.find(id).orElseThrow(() -> notFound(fileUri));
    }

    private static OpenEnosException notFound(String fileUri) {
        return OpenEnosException.notFound(ErrorCode.NOT_FOUND, "file " + fileUri);
    }

    private void deleteQuietly(String key) {
        try {
            blobs.delete(key);
        } catch (IOException | RuntimeException e) {
            // the metadata is gone or never written: an orphan file is harmless and found by its key only
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
