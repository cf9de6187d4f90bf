package org.openenos.simulator.signal;

import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/** Occasional faults: one starts with the given chance per step and lasts a random number of steps. */
final class Faults {
    private final double probability;
    private final RandomGenerator random;
    private int remainingSteps;
    private int code;
    private boolean started;

    Faults(double probability, RandomGenerator random) {
        this.probability = probability;
        this.random = random;
    }

    /** Advances one step; true while a fault is active. */
    boolean step() {
        started = false;
        if (remainingSteps > 0) {
            remainingSteps--;
            return remainingSteps > 0;
        }
        if (random.nextDouble() < probability) {
            remainingSteps = 3 + random.nextInt(10);
            code = 100 + random.nextInt(20);
            started = true;
            return true;
        }
        return false;
    }

    OptionalInt newFault() {
        return started ? OptionalInt.of(code) : OptionalInt.empty();
    }

    void reset() {
        remainingSteps = 0;
    }
}
