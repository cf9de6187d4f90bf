package org.openenos.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet file read through a read-only memory map: parquet-java's {@code LocalInputFile} reads the footer and the
 * page index byte by byte from a {@code RandomAccessFile}, which dominated a one-series read of a day file. Files
 * over 2 GiB are refused (one map).
 */
public record MappedInputFile(Path file) implements InputFile {
    @Override
    public long getLength() throws IOException {
        return Files.size(file);
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        ByteBuffer map;
        try (var channel = FileChannel.open(file)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new IOException(file + " is over 2 GiB; write smaller files");
            }
            map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        return new SeekableInputStream() {
            @Override
            public long getPos() {
                return map.position();
            }

            @Override
            public void seek(long newPos) {
                map.position((int) newPos);
            }

            @Override
            public int read() {
                return map.hasRemaining() ? map.get() & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (!map.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(len, map.remaining());
                map.get(b, off, n);
                return n;
            }

            @Override
            public void readFully(byte[] bytes) throws IOException {
                readFully(bytes, 0, bytes.length);
            }

            @Override
            public void readFully(byte[] bytes, int start, int len) throws IOException {
                if (len > map.remaining()) {
                    throw new EOFException();
                }
                map.get(bytes, start, len);
            }

            @Override
            public int read(ByteBuffer buf) {
                if (!map.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(buf.remaining(), map.remaining());
                buf.put(buf.position(), map, map.position(), n);
                buf.position(buf.position() + n);
                map.position(map.position() + n);
                return n;
            }

            @Override
            public void readFully(ByteBuffer buf) throws IOException {
                if (buf.remaining() > map.remaining()) {
                    throw new EOFException();
                }
                read(buf);
            }
        };
    }
}
