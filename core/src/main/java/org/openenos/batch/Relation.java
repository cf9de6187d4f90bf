package org.openenos.batch;

/** Edge of a workflow's DAG: {@code target} runs after {@code source}; {@code rerun} re-runs it when source is re-run. */
public record Relation(String source, String target, boolean rerun) {
}
