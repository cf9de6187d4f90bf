package org.openenos.server;

import org.openenos.ota.FirmwareFiles;
import org.openenos.ota.s3.S3FirmwareFiles;
import org.openenos.ota.s3.S3Settings;

/** Files in a bucket of an S3-compatible object store, one prefix per kind of file, one connection for all. */
final class S3FileStore implements FileStore {
    private final S3FirmwareFiles root;
    private final S3Settings settings;

    private S3FileStore(S3FirmwareFiles root, S3Settings settings) {
        this.root = root;
        this.settings = settings;
    }

    static FileStore connect(FileStoreProperties.S3 s3) {
        long partSize = s3.partSize().toBytes();
        if (partSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("openenos.files.s3.part-size must be below 2GB");
        }
        S3Settings settings = new S3Settings(s3.endpointUri(), s3.region(), s3.bucket(), s3.accessKey(),
                s3.secretKey(), s3.pathStyle(), s3.prefix(), (int) partSize);
        return new S3FileStore(S3FirmwareFiles.connect(settings), settings);
    }

    @Override
    public FirmwareFiles folder(String name) {
        return root.withPrefix(settings.prefix() + name);
    }

    @Override
    public boolean reachable() {
        return root.reachable();
    }

    @Override
    public String describe() {
        return "S3 bucket " + settings.bucket() + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
    }

    @Override
    public void close() {
        root.close();
    }
}
