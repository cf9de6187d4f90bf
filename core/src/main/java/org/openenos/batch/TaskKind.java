package org.openenos.batch;

/**
 * What a task does. {@code SQL} runs a statement over the organization's history and asset metadata, {@code SYNC}
 * copies rows between a registered JDBC source, a CSV file and the platform, {@code EXPORT} is served by the export
 * context once it plugs a {@link TaskExecutor} in.
 */
public enum TaskKind { SQL, SYNC, EXPORT }
