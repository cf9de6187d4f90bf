package org.openenos.batch.sql;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV files of sync tasks (RFC 4180: comma, double quotes, a header row), kept per organization under the batch
 * file directory; a path may not leave the organization's folder.
 */
final class CsvFiles {
    private final Path root;

    CsvFiles(Path root) {
        this.root = root;
    }

    Path resolve(String orgId, String relative) throws IOException {
        Path base = root.resolve(orgId).toAbsolutePath().normalize();
        Path file = base.resolve(relative).normalize();
        if (relative.isBlank() || Path.of(relative).isAbsolute() || !file.startsWith(base)) {
            throw new IllegalArgumentException("file \"" + relative + "\" must be a relative path inside the "
                    + "organization's batch folder");
        }
        Files.createDirectories(file.getParent());
        return file;
    }

    static long write(Path file, List<String> columns, Iterable<List<Object>> rows) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(line(new ArrayList<>(columns)));
            for (List<Object> row : rows) {
                w.write(line(row));
                n++;
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return n;
    }

    private static String line(List<?> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (i > 0) {
                b.append(',');
            }
            if (v != null) {
                String s = v.toString();
                b.append(s.matches(".*[\",\\r\\n].*") || s.isEmpty() ? '"' + s.replace("\"", "\"\"") + '"' : s);
            }
        }
        return b.append("\r\n").toString();
    }

    /** The header (column names) and the rows of the file; empty fields are nulls. */
    static List<List<Object>> read(Path file, List<String> header, long maxRows) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Object> fields;
            boolean first = true;
            while ((fields = record(r)) != null) {
                if (first) {
                    fields.forEach(f -> header.add(String.valueOf(f)));
                    first = false;
                } else {
                    if (rows.size() >= maxRows) {
                        throw new IllegalStateException(file.getFileName() + " has more than " + maxRows + " rows");
                    }
                    rows.add(fields);
                }
            }
        }
        return rows;
    }

    private static List<Object> record(BufferedReader r) throws IOException {
        int ch = r.read();
        if (ch < 0) {
            return null;
        }
        List<Object> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (ch >= 0) {
            char c = (char) ch;
            if (quoted) {
                if (c == '"') {
                    r.mark(1);
                    int next = r.read();
                    if (next == '"') {
                        cur.append('"');
                    } else {
                        quoted = false;
                        if (next >= 0) {
                            r.reset();
                        }
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(cur.isEmpty() && !wasQuoted ? null : cur.toString());
                cur.setLength(0);
                wasQuoted = false;
            } else if (c == '\n') {
                break;
            } else if (c != '\r') {
                cur.append(c);
            }
            ch = r.read();
        }
        fields.add(cur.isEmpty() && !wasQuoted ? null : cur.toString());
        return fields;
    }
}
