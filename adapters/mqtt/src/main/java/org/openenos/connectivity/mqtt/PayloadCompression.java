package org.openenos.connectivity.mqtt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4BlockInputStream;
import net.jpountz.lz4.LZ4BlockOutputStream;
import org.anarres.lzo.LzoAlgorithm;
import org.anarres.lzo.LzoConstraint;
import org.anarres.lzo.LzoInputStream;
import org.anarres.lzo.LzoLibrary;
import org.anarres.lzo.LzoOutputStream;

/**
 * The payload compression an EnOS device SDK announces in its MQTT clientId ({@code <key>{…,compress=GZIP}|…|},
 * reference §1.2 and §2 "Compression"): every payload the device sends is compressed that way, and it decompresses
 * every payload it receives. GZIP is a plain gzip stream, LZ4 the lz4-java block stream format, LZO the LZO1X stream
 * of the anarres codec, as the SDK writes them. DEFAULT means none.
 */
enum PayloadCompression {
    NONE {
        @Override
        byte[] compress(byte[] payload) {
            return payload;
        }

        @Override
        byte[] decompress(byte[] payload) {
            return payload;
        }
    },
    GZIP {
        @Override
        OutputStream compressing(OutputStream out) throws IOException {
            return new GZIPOutputStream(out);
        }

        @Override
        InputStream decompressing(InputStream in) throws IOException {
            return new GZIPInputStream(in);
        }
    },
    LZ4 {
        @Override
        OutputStream compressing(OutputStream out) {
            return new LZ4BlockOutputStream(out);
        }

        @Override
        InputStream decompressing(InputStream in) {
            return new LZ4BlockInputStream(in);
        }
    },
    LZO {
        @Override
        OutputStream compressing(OutputStream out) {
            return new LzoOutputStream(out, LzoLibrary.getInstance().newCompressor(LzoAlgorithm.LZO1X,
                    LzoConstraint.COMPRESSION));
        }

        @Override
        InputStream decompressing(InputStream in) {
            return new LzoInputStream(in, LzoLibrary.getInstance().newDecompressor(LzoAlgorithm.LZO1X,
                    LzoConstraint.COMPRESSION));
        }
    };

    /** Decompressed payloads larger than this are refused, so a small compressed bomb cannot fill the heap. */
    static final int MAX_DECOMPRESSED_BYTES = 4 * 1024 * 1024;

    /** The compression named in a login clientId, NONE when it names none (or DEFAULT). */
    static PayloadCompression ofClientId(String clientId) {
        if (clientId == null) {
            return NONE;
        }
        int braces = clientId.indexOf('{');
        int bar = clientId.indexOf('|');
        if (braces < 0 || (bar >= 0 && bar < braces)) {
            return NONE;
        }
        int end = clientId.indexOf('}', braces);
        String properties = clientId.substring(braces + 1, end < 0 ? clientId.length() : end);
        for (String property : properties.split(",")) {
            String[] pair = property.split("=", 2);
            if (pair.length == 2 && pair[0].strip().equals("compress")) {
                return switch (pair[1].strip().toUpperCase(Locale.ROOT)) {
                    case "GZIP" -> GZIP;
                    case "LZ4" -> LZ4;
                    case "LZO" -> LZO;
                    default -> NONE;
                };
            }
        }
        return NONE;
    }

    byte[] compress(byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, payload.length / 2));
        try (OutputStream out = compressing(bytes)) {
            out.write(payload);
        }
        return bytes.toByteArray();
    }

    byte[] decompress(byte[] payload) throws IOException {
        try (InputStream in = decompressing(new ByteArrayInputStream(payload))) {
            byte[] plain = in.readNBytes(MAX_DECOMPRESSED_BYTES + 1);
            if (plain.length > MAX_DECOMPRESSED_BYTES) {
                throw new IOException("decompressed payload exceeds " + MAX_DECOMPRESSED_BYTES + " bytes");
            }
            return plain;
        }
    }

    OutputStream compressing(OutputStream out) throws IOException {
        return out;
    }

    InputStream decompressing(InputStream in) throws IOException {
        return in;
    }
}
