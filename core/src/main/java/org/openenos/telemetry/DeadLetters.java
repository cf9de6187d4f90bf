package org.openenos.telemetry;

import java.util.List;

/**
 * Where consumers of the bus put what they cannot process, so that a poison record is kept for an operator and
 * never stops a pipeline (as Kafka consumers route deserialization failures to a dead-letter topic).
 */
public interface DeadLetters {

    /** Keeps the letter; must not throw (a failure to keep it is logged by the implementation). */
    void add(DeadLetter letter);

    /** Every letter kept, oldest first; for operators and tests. */
    List<DeadLetter> readAll();

    /** Letters kept since start. */
    long count();
}
