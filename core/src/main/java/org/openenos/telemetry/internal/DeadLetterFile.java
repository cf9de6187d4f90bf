package org.openenos.telemetry.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.telemetry.DeadLetter;
import org.openenos.telemetry.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters as lines of a text file, one tab-separated letter per line: time, consumer, reason, partition,
 * offset, detail, and the record in Base64. A text file so that an operator can read it with {@code less} and a tool
 * can replay the records; letters are rare, so each is fsynced.
 */
public final class DeadLetterFile implements DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterFile.class);
    private final Path file;
    private final AtomicLong count = new AtomicLong();

    public DeadLetterFile(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void add(DeadLetter letter) {
        String line = String.join("\t", letter.time().toString(), clean(letter.consumer()), clean(letter.reason()),
                Integer.toString(letter.partition()), Long.toString(letter.offset()), clean(letter.detail()),
                Base64.getEncoder().encodeToString(letter.record())) + "\n";
        try {
            Files.createDirectories(file.getParent());
            createOwnerOnly();
            try (var ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                ch.force(false);
            }
            count.incrementAndGet();
        } catch (IOException e) {
            LOG.error("cannot write dead letter of {} ({}, partition {} offset {}) to {}", letter.consumer(),
                    letter.reason(), letter.partition(), letter.offset(), file, e);
        }
    }

    @Override
    public synchronized List<DeadLetter> readAll() {
        var letters = new ArrayList<DeadLetter>();
        if (!Files.exists(file)) {
            return letters;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length == 7) {
                    letters.add(new DeadLetter(Instant.parse(f[0]), f[1], f[2], Integer.parseInt(f[3]),
                            Long.parseLong(f[4]), f[5], Base64.getDecoder().decode(f[6])));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read dead letters " + file, e);
        }
        return letters;
    }

    @Override
    public long count() {
        return count.get();
    }

    /** Dead letters hold telemetry of every organization: readable by the server's user only. */
    private void createOwnerOnly() throws IOException {
        if (Files.exists(file)) {
            return;
        }
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
