package org.openenos.edge.config;

/** An edge configuration that cannot be used; the message names the file, line and reason. */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final int line;

    public ConfigException(String file, int line, String reason, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason, cause);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** The 1-based line of the offending element, or 0 when unknown. */
    public int line() {
        return line;
    }
}
