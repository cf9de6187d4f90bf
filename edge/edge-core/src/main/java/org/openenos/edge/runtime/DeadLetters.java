package org.openenos.edge.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openenos.edge.cloud.UploadItem;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upload items the cloud refused for good (bad data), set aside so that the replay moves on instead of retrying
 * them forever. They are kept, one JSON line per item with the refusal, in {@value #FILE_NAME} beside the
 * store-and-forward log, where a site engineer can read them and send them again once the cause is fixed.
 */
public final class DeadLetters {
    public static final String FILE_NAME = "dead-letter.jsonl";

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicLong items = new AtomicLong();

    public DeadLetters(Path directory) {
        this.file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                items.set(lines.filter(l -> !l.isBlank()).count());
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
    }

    /** Appends the items with the reason and forces them to disk before the caller drops them from the log. */
    public synchronized void setAside(List<UploadItem> batch, String reason) throws IOException {
        StringBuilder lines = new StringBuilder();
        long now = System.currentTimeMillis();
        for (UploadItem item : batch) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("refusedAt", now);
            line.put("reason", reason);
            line.put("productKey", item.productKey());
            line.put("deviceKey", item.deviceKey());
            line.put("time", item.time());
            line.put("measurepoints", item.measurepoints());
            lines.append(json.writeValueAsString(line)).append('\n');
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(StandardCharsets.UTF_8.encode(lines.toString()));
            channel.force(true);
        }
        items.addAndGet(batch.size());
    }

    /** Items in the file, including those set aside before a restart. */
    public long items() {
        return items.get();
    }

    public Path file() {
        return file;
    }
}
