package org.openenos.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression without Hadoop's codec classes (parquet-java's own factory builds a Hadoop {@code Configuration}
 * for any codec): Snappy through snappy-java (already on the server's class path for Kafka), gzip through the JDK,
 * or none. Other codecs in a file being read get a clear error naming them.
 */
final class ParquetCodecs implements CompressionCodecFactory {
    static final ParquetCodecs INSTANCE = new ParquetCodecs();

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return switch (codec) {
                    case UNCOMPRESSED -> bytes;
                    case SNAPPY -> BytesInput.from(Snappy.compress(bytes.toByteArray()));
                    case GZIP -> {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                            bytes.writeAllTo(gzip);
                        }
                        yield BytesInput.from(out.toByteArray());
                    }
                    default -> throw unsupported(codec);
                };
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                return switch (codec) {
                    case UNCOMPRESSED -> bytes;
                    case SNAPPY -> BytesInput.from(Snappy.uncompress(bytes.toByteArray()));
                    case GZIP -> {
                        try (InputStream in = new GZIPInputStream(bytes.toInputStream())) {
                            yield BytesInput.from(in.readNBytes(uncompressedSize));
                        }
                    }
                    default -> throw unsupported(codec);
                };
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(decompress(BytesInput.from(in), uncompressedSize).toByteBuffer());
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }

    private static IOException unsupported(CompressionCodecName codec) {
        return new IOException("Parquet pages compressed with " + codec
                + " are not supported; use SNAPPY, GZIP or UNCOMPRESSED");
    }
}
