package org.openenos.timeseries.questdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.security.PrivateFiles;

/**
 * The compacted days of the raw table (ADR 0134, 0136): one series-ordered Parquet file per UTC day in a directory of
 * their own, named {@code yyyy-mm-dd.parquet}. The directory listing is the record of which days are compacted: a
 * file is written under a temporary name, forced to disk, renamed atomically and the directory synced, so a day's
 * file is either whole or absent after any crash, and no second record can disagree with the files. Temporary files
 * left by a crash are deleted on open.
 *
 * <p>Readers take {@link #generation()} before reading and check it after: it changes whenever a file appears, is
 * replaced or is deleted, so a read that raced with compaction or retention is done again.
 */
final class DayFiles {
    static final long DAY = 86_400_000L;
    private static final String SUFFIX = ".parquet";
    private static final String TEMPORARY = ".tmp";

    /** Writes a day's file at the path given (a temporary name, forced to disk by the writer). */
    interface FileWriter {
        void write(Path file) throws IOException;
    }

    private final Path dir;
    private final NavigableSet<LocalDate> days = new ConcurrentSkipListSet<>();
    private final AtomicLong generation = new AtomicLong();

    private DayFiles(Path dir) {
        this.dir = dir;
    }

    static DayFiles open(Path dir) {
        var files = new DayFiles(dir);
        try {
            PrivateFiles.createDirectories(dir);
            try (var list = Files.list(dir)) {
                for (Path p : list.toList()) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(TEMPORARY)) {
                        Files.delete(p);
                    } else if (name.endsWith(SUFFIX)) {
                        files.days.add(LocalDate.parse(name.substring(0, name.length() - SUFFIX.length())));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the day files in " + dir, e);
        }
        return files;
    }

    long generation() {
        return generation.get();
    }

    boolean isCompacted(LocalDate day) {
        return days.contains(day);
    }

    /** The compacted days that overlap {@code [from, to)}, in time order. */
    List<LocalDate> within(long from, long to) {
        if (days.isEmpty() || from >= to) {
            return List.of();
        }
        return List.copyOf(days.subSet(dayOf(from), true, dayOf(to - 1), true));
    }

    /** Every compacted day, newest first. */
    List<LocalDate> newestFirst() {
        return List.copyOf(days.descendingSet());
    }

    Path file(LocalDate day) {
        return dir.resolve(day + SUFFIX);
    }

    /** Writes the day's file under a temporary name, then publishes it atomically (replacing an earlier one). */
    void publish(LocalDate day, FileWriter writer) throws IOException {
        Path temporary = temporary(day);
        try {
            writer.write(temporary);
            publishWritten(day, temporary);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Where the day's next file is written before it is published; a crash leaves it to be deleted on open. */
    Path temporary(LocalDate day) {
        return dir.resolve(day + SUFFIX + TEMPORARY);
    }

    /** Publishes a day file written (and forced to disk) at {@code temporary}: renamed atomically, then synced. */
    void publishWritten(LocalDate day, Path temporary) throws IOException {
        Files.move(temporary, file(day), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        days.add(day);
        generation.incrementAndGet();
    }

    /**
     * Deletes the files of the days that start before {@code time}, as the engine drops the day partitions whose
     * start is before it; returns how many.
     */
    int deleteBefore(long time) throws IOException {
        var old = List.copyOf(days.headSet(dayOf(time - 1), true));
        for (LocalDate day : old) {
            days.remove(day);
            generation.incrementAndGet();
            Files.deleteIfExists(file(day));
        }
        syncDirectory();
        return old.size();
    }

    /** Bytes of all day files on disk. */
    long bytes() {
        long total = 0;
        for (LocalDate day : days) {
            try {
                total += Files.size(file(day));
            } catch (NoSuchFileException e) {
                // deleted meanwhile by retention
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    int count() {
        return days.size();
    }

    static LocalDate dayOf(long time) {
        return LocalDate.ofEpochDay(Math.floorDiv(time, DAY));
    }

    static long start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private void syncDirectory() throws IOException {
        try (var channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
