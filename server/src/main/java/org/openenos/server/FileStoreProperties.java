package org.openenos.server;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where firmware and device files are kept (docs/configuration.md, "File store"; ADR 0091).
 *
 * @param store local: under the data directory (the default); s3: in a bucket of an S3-compatible
 *              object store
 * @param s3    the object store, used when store=s3
 */
@ConfigurationProperties("openenos.files")
public record FileStoreProperties(@DefaultValue("local") String store, @DefaultValue S3 s3) {

    /**
     * @param endpoint  the store's URL (for example http://minio:9000); empty for AWS S3 itself
     * @param region    signing region; S3-compatible stores accept any
     * @param bucket    the bucket, which must exist
     * @param accessKey access key id; empty: the AWS default credential chain (environment, instance profile)
     * @param secretKey secret access key (never logged)
     * @param pathStyle bucket in the path (endpoint/bucket/key), as most self-hosted stores need
     * @param prefix    folder in the bucket under which the server keeps its files
     * @param partSize  part size of multipart uploads (at least 5MB); the memory one upload holds at most
     */
    public record S3(@DefaultValue("") String endpoint, @DefaultValue("us-east-1") String region,
                     @DefaultValue("") String bucket, @DefaultValue("") String accessKey,
                     @DefaultValue("") String secretKey, @DefaultValue("true") boolean pathStyle,
                     @DefaultValue("openenos") String prefix, @DefaultValue("8MB") DataSize partSize) {
        URI endpointUri() {
            return endpoint.isBlank() ? null : URI.create(endpoint.strip());
        }
    }
}
