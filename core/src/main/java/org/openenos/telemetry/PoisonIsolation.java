package org.openenos.telemetry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.openenos.error.OpenEnosException;

/**
 * Finds the items of a batch that make an action fail, by splitting the batch in halves until the failing parts are
 * single items (bisection: about 2·k·log(n) attempts for k bad items among n), so that one bad value does not hold
 * back the others. Used by every consumer of the bus for a batch its target refuses.
 *
 * <p>A target that is down fails for every item; bisecting would then only burn attempts, and setting everything
 * aside would lose data. So when {@code maxUnprovenFailures} single items have failed and nothing has succeeded yet,
 * the search stops and the items not stored are returned as {@link Outcome#unresolved()}, for the caller to retry
 * later. A failure that says the item itself is wrong (an {@link OpenEnosException} whose code is not retryable) is
 * proof enough and never counts as an outage.
 */
public final class PoisonIsolation {
    private PoisonIsolation() {
    }

    /** An item that failed on its own, and why. */
    public record Failed<T>(T item, RuntimeException error) {
    }

    /**
     * @param poison     items that failed on their own while the target took others (or said they are wrong)
     * @param unresolved items neither applied nor proven bad, because the target failed for everything
     * @param applied    items the action took
     */
    public record Outcome<T>(List<Failed<T>> poison, List<T> unresolved, int applied) {
        public boolean targetDown() {
            return !unresolved.isEmpty();
        }
    }

    public static <T> Outcome<T> isolate(List<T> items, Consumer<List<T>> action, int maxUnprovenFailures) {
        var pending = new ArrayDeque<List<T>>();
        pending.push(items);
        var proven = new ArrayList<Failed<T>>();
        var unproven = new ArrayList<Failed<T>>();
        int applied = 0;
        while (!pending.isEmpty()) {
            List<T> part = pending.pop();
            try {
                action.accept(part);
                applied += part.size();
            } catch (RuntimeException e) {
                if (part.size() > 1) {
                    int half = part.size() / 2;
                    pending.push(part.subList(half, part.size()));
                    pending.push(part.subList(0, half));
                } else if (itemIsWrong(e)) {
                    proven.add(new Failed<>(part.getFirst(), e));
                } else {
                    unproven.add(new Failed<>(part.getFirst(), e));
                    if (applied == 0 && unproven.size() >= maxUnprovenFailures) {
                        var unresolved = new ArrayList<T>();
                        unproven.forEach(f -> unresolved.add(f.item()));
                        pending.forEach(unresolved::addAll);
                        return new Outcome<>(proven, unresolved, 0);
                    }
                }
            }
        }
        if (applied == 0 && !unproven.isEmpty() && proven.isEmpty()) {
            // Nothing went through and nothing said it was wrong: the target is down, not the items.
            return new Outcome<>(List.of(), unproven.stream().map(Failed::item).toList(), 0);
        }
        proven.addAll(unproven);
        return new Outcome<>(proven, List.of(), applied);
    }

    private static boolean itemIsWrong(RuntimeException e) {
        return e instanceof OpenEnosException o && !o.code().retryable();
    }
}
