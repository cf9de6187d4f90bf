package org.openenos.telemetry.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openenos.telemetry.DeadLetter;
import org.openenos.telemetry.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters on a Kafka topic, shared by every node: the record's bytes as the value (in the bus's record format,
 * so a tool can replay them onto the telemetry topic), who set it aside and why in headers.
 */
final class KafkaDeadLetters implements DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaDeadLetters.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaBusConfig config;
    private final KafkaProducer<String, byte[]> producer;
    private final String clientId;
    private final AtomicLong count = new AtomicLong();

    KafkaDeadLetters(KafkaBusConfig config, KafkaProducer<String, byte[]> producer, String clientId) {
        this.config = config;
        this.producer = producer;
        this.clientId = clientId;
    }

    @Override
    public void add(DeadLetter letter) {
        var headers = new RecordHeaders();
        header(headers, "time", letter.time().toString());
        header(headers, "reason", letter.reason());
        header(headers, "partition", String.valueOf(letter.partition()));
        header(headers, "offset", String.valueOf(letter.offset()));
        header(headers, "detail", letter.detail());
        try {
            // wait for Kafka: the consumer commits past the record once this returns, so a letter that is not
            // kept by then would be gone (dead letters are rare, the wait costs nothing in normal operation)
            producer.send(new ProducerRecord<>(config.deadLetterTopic(), null, letter.consumer(), letter.record(),
                    headers)).get();
            count.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keeping a dead letter of " + letter.consumer(), e);
        } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
            throw new IllegalStateException("dead letter of " + letter.consumer() + " (" + letter.reason()
                    + ") not kept", e);
        }
    }

    /** Reads the whole topic, oldest first, with a reader of its own (for operators and tests). */
    @Override
    public List<DeadLetter> readAll() {
        producer.flush();
        var letters = new ArrayList<DeadLetter>();
        var tp = new TopicPartition(config.deadLetterTopic(), 0);
        try (var reader = KafkaClients.standalone(config, clientId + "-dead-letter-reader")) {
            reader.assign(List.of(tp));
            reader.seekToBeginning(List.of(tp));
            long end = reader.endOffsets(List.of(tp), READ_TIMEOUT).get(tp);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (reader.position(tp, READ_TIMEOUT) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    letters.add(letter(r));
                }
            }
        }
        return letters;
    }

    private static DeadLetter letter(ConsumerRecord<String, byte[]> r) {
        Headers h = r.headers();
        return new DeadLetter(Instant.parse(text(h, "time", Instant.ofEpochMilli(r.timestamp()).toString())),
                r.key(), text(h, "reason", ""), Integer.parseInt(text(h, "partition", "-1")),
                Long.parseLong(text(h, "offset", "-1")), text(h, "detail", ""),
                r.value() == null ? new byte[0] : r.value());
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Headers headers, String name, String otherwise) {
        Header h = headers.lastHeader(name);
        return h == null ? otherwise : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public long count() {
        return count.get();
    }
}
