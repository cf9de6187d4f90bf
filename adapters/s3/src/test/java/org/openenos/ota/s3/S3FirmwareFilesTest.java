package org.openenos.ota.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 store against a real S3-compatible server (S3Proxy) started by the test. */
class S3FirmwareFilesTest {
    private static final String BUCKET = "firmware";
    @TempDir
    static Path dir;
    static S3ProxyServer server;
    static S3FirmwareFiles files;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(dir);
        server.createBucket(BUCKET);
        files = S3FirmwareFiles.connect(server.settings(BUCKET).withPrefix("firmware"));
    }

    @AfterAll
    static void stopServer() {
        if (files != null) {
            files.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aStoredFileIsReadableFromAnyOffsetAndGoneAfterDelete() throws IOException {
        files.put("org1/fw1", new ByteArrayInputStream("0123456789".getBytes()));

        assertThat(files.size("org1/fw1")).isEqualTo(10);
        try (InputStream in = files.open("org1/fw1", 4)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("456789");
        }
        try (InputStream in = files.open("org1/fw1", 10)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        files.delete("org1/fw1");
        assertThat(files.size("org1/fw1")).isEqualTo(-1);
    }

    @Test
    void aFileLargerThanOnePartGoesUpInPartsAndComesBackWhole() throws Exception {
        long size = 2L * S3Settings.MIN_PART_SIZE + 12345;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        files.put("org1/big", new DigestInputStream(new PatternStream(size), sent));

        assertThat(files.size("org1/big")).isEqualTo(size);
        try (InputStream in = files.open("org1/big", 0)) {
            assertThat(sha256(in)).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        }
        long offset = S3Settings.MIN_PART_SIZE + 7;
        try (InputStream in = files.open("org1/big", offset)) {
            PatternStream expected = new PatternStream(size);
            expected.skipNBytes(offset);
            assertThat(sha256(in)).isEqualTo(sha256(expected));
        }
    }

    @Test
    void anUploadBrokenOffMidwayLeavesNoObjectAndNoParts() throws IOException {
        long breakAt = S3Settings.MIN_PART_SIZE + 1000L;
        InputStream failing = new PatternStream(breakAt * 2) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position() >= breakAt) {
                    throw new IOException("connection reset");
                }
                return super.read(b, off, (int) Math.min(len, breakAt - position()));
            }
        };
        assertThatThrownBy(() -> files.put("org1/broken", failing)).hasMessage("connection reset");

        assertThat(files.size("org1/broken")).isEqualTo(-1);
        try (var client = S3FirmwareFiles.client(server.settings(BUCKET))) {
            assertThat(client.listMultipartUploads(l -> l.bucket(BUCKET)).uploads()).isEmpty();
        }
    }

    @Test
    void aMissingFileIsReportedAsMissing() throws IOException {
        assertThat(files.size("org1/none")).isEqualTo(-1);
        assertThatThrownBy(() -> files.open("org1/none", 0)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void keysCannotLeaveTheirFolder() {
        assertThatThrownBy(() -> files.open("../etc/passwd", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBucketThatDoesNotExistFailsAtStartWithItsName() {
        assertThatThrownBy(() -> S3FirmwareFiles.connect(server.settings("no-such-bucket")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-bucket");
    }

    @Test
    void wrongCredentialsFailAtStart() {
        S3Settings good = server.settings(BUCKET);
        S3Settings wrong = new S3Settings(good.endpoint(), good.region(), BUCKET, good.accessKey(), "wrong", true,
                "", good.partSize());
        assertThatThrownBy(() -> S3FirmwareFiles.connect(wrong)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void settingsNeverPrintTheSecret() {
        S3Settings settings = new S3Settings(URI.create("http://s3"), "us-east-1", "b", "id", "very-secret", true,
                "p", S3Settings.MIN_PART_SIZE);
        assertThat(settings.toString()).doesNotContain("very-secret").contains("prefix=p/");
    }

    private static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@code size} bytes of a repeating pattern, made as they are read: a large file that is never in memory. */
    static class PatternStream extends InputStream {
        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        long position() {
            return position;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((position + i) % 251);
            }
            position += n;
            return n;
        }
    }
}
