package org.openenos.streaming.flink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.openenos.telemetry.TelemetryIngest;

/**
 * Writes a job's results back through the ingest path, so they are durable in the telemetry log and reach storage,
 * latest values, alerts and live values like any device value. Values are sent as they come and the writer waits
 * for all of them to be durable before a checkpoint completes: nothing acknowledged by a checkpoint is lost. They are
 * ordinary values ({@link TelemetryIngest#ingest}), not resumed ones: the store keeps one value per (org, asset,
 * point, time), last write wins, so a value sent again after a restore rewrites the same row and a window or day
 * emitted again with a corrected value replaces the one written before; subscribers see them as real-time values.
 */
final class IngestSink implements Sink<OutputValue> {
    private final String engineKey;

    IngestSink(String engineKey) {
        this.engineKey = engineKey;
    }

    @Override
    public SinkWriter<OutputValue> createWriter(WriterInitContext context) {
        return new Writer(EngineResources.telemetry(engineKey).ingest());
    }

    private static final class Writer implements SinkWriter<OutputValue> {
        private final TelemetryIngest ingest;
        private final List<CompletableFuture<Void>> pending = new ArrayList<>();

        Writer(TelemetryIngest ingest) {
            this.ingest = ingest;
        }

        @Override
        public void write(OutputValue value, Context context) throws IOException {
            // sent right away so results are visible without waiting for a checkpoint; the log's group commit
            // turns many small publishes into one fsync
            pending.add(ingest.ingest(List.of(value.toValue())));
            failOnFirstError();
        }

        /** Drops what is durable and fails the writer on the first send that failed, in one pass. */
        private void failOnFirstError() throws IOException {
            var it = pending.iterator();
            while (it.hasNext()) {
                CompletableFuture<Void> f = it.next();
                if (f.isCompletedExceptionally()) {
                    await(f);
                }
                if (f.isDone()) {
                    it.remove();
                }
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            for (CompletableFuture<Void> f : pending) {
                await(f);
            }
            pending.clear();
        }

        private static void await(CompletableFuture<Void> f) throws IOException {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing results", e);
            } catch (ExecutionException | TimeoutException e) {
                // the job fails and restarts from its last checkpoint, writing these again
                throw new IOException("results could not be made durable", e);
            }
        }

        @Override
        public void close() {
        }
    }
}
