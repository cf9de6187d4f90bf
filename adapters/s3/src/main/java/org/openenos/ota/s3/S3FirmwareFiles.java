package org.openenos.ota.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.openenos.ota.FirmwareFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Firmware and device files in a bucket of an S3-compatible object store (AWS S3, MinIO, Ceph RGW, S3Proxy...).
 * Uploads are streamed: a file that fits in one part is one PUT, a larger one a multipart upload of
 * {@link S3Settings#partSize()} parts, so one upload never holds more than one part in memory. An object becomes
 * visible only when its PUT or multipart upload completes, which gives the port's "visible only once complete";
 * a failed multipart upload is aborted so that no parts are left behind. Downloads are ranged GETs streamed to
 * the caller.
 */
public final class S3FirmwareFiles implements FirmwareFiles, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3FirmwareFiles.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private final S3Client client;
    private final S3Settings settings;
    private final boolean ownsClient;

    S3FirmwareFiles(S3Client client, S3Settings settings, boolean ownsClient) {
        this.client = client;
        this.settings = settings;
        this.ownsClient = ownsClient;
    }

    /** Connects and checks that the bucket is there, so that a wrong setting fails at start, not at first upload. */
    public static S3FirmwareFiles connect(S3Settings settings) {
        S3FirmwareFiles files = new S3FirmwareFiles(client(settings), settings, true);
        try {
            files.client.headBucket(b -> b.bucket(settings.bucket()));
        } catch (SdkException e) {
            files.close();
            throw new IllegalStateException("S3 bucket " + settings.bucket() + " at "
                    + (settings.endpoint() == null ? "AWS" : settings.endpoint()) + " cannot be reached: "
                    + e.getMessage(), e);
        }
        return files;
    }

    /** A second store sharing this one's connection, keys under another folder of the same bucket. */
    public S3FirmwareFiles withPrefix(String prefix) {
        return new S3FirmwareFiles(client, settings.withPrefix(prefix), false);
    }

    static S3Client client(S3Settings settings) {
        AwsCredentialsProvider credentials = settings.accessKey().isEmpty()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(),
                        settings.secretKey()));
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    @Override
    public void put(String key, InputStream content) throws IOException {
        String object = object(key);
        byte[] first = content.readNBytes(settings.partSize());
        try {
            if (first.length < settings.partSize()) {
                client.putObject(p -> p.bucket(settings.bucket()).key(object), RequestBody.fromBytes(first));
                return;
            }
            putMultipart(object, first, content);
        } catch (SdkException e) {
            throw new IOException("S3 upload of " + object + " failed: " + e.getMessage(), e);
        }
    }

    private void putMultipart(String object, byte[] first, InputStream content) throws IOException {
        String uploadId = client.createMultipartUpload(c -> c.bucket(settings.bucket()).key(object)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] part = first;
            while (part.length > 0) {
                int number = parts.size() + 1;
                byte[] body = part;
                String etag = client.uploadPart(u -> u.bucket(settings.bucket()).key(object).uploadId(uploadId)
                        .partNumber(number).contentLength((long) body.length), RequestBody.fromBytes(body)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                part = content.readNBytes(settings.partSize());
            }
            client.completeMultipartUpload(c -> c.bucket(settings.bucket()).key(object).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            abort(object, uploadId);
            throw e;
        }
    }

    private void abort(String object, String uploadId) {
        try {
            client.abortMultipartUpload(a -> a.bucket(settings.bucket()).key(object).uploadId(uploadId));
        } catch (SdkException e) {
            // the bucket's lifecycle rule for incomplete uploads is the last resort; say which one is left
            LOG.warn("multipart upload {} of {} could not be aborted: {}", uploadId, object, e.getMessage());
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        String object = object(key);
        try {
            return client.getObject(g -> {
                g.bucket(settings.bucket()).key(object);
                if (offset > 0) {
                    g.range("bytes=" + offset + "-");
                }
            });
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(object);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return new ByteArrayInputStream(new byte[0]); // the offset is the end of the file: nothing left
            }
            throw new IOException("S3 download of " + object + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 download of " + object + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long size(String key) throws IOException {
        String object = object(key);
        try {
            return client.headObject(h -> h.bucket(settings.bucket()).key(object)).contentLength();
        } catch (NoSuchKeyException e) {
            return -1;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return -1;
            }
            throw new IOException("S3 head of " + object + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 head of " + object + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String object = object(key);
        try {
            client.deleteObject(d -> d.bucket(settings.bucket()).key(object));
        } catch (SdkException e) {
            throw new IOException("S3 delete of " + object + " failed: " + e.getMessage(), e);
        }
    }

    /** Whether the bucket answers: for the server's health. */
    public boolean reachable() {
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
            return true;
        } catch (SdkException | UncheckedIOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /** Keys are generated ids; the same rule as on disk keeps both stores interchangeable. */
    private String object(String key) {
        if (!KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("not a firmware file key: " + key);
        }
        return settings.prefix() + key;
    }
}
