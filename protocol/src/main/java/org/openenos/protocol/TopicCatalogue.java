package org.openenos.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses MQTT topics into {@link TopicRoute}s by matching them against the table of {@link TopicKind} templates.
 * Literal segments are compared first, so {@code thing/service/measurepoint/set} wins over the service template
 * {@code thing/service/{id}} (which has fewer segments anyway) and the table order does not matter.
 */
public final class TopicCatalogue {
    public static final String REPLY_SUFFIX = "_reply";

    private record Entry(TopicKind kind, String[] segments, int literals) {
    }

    private static final List<Entry> TABLE = build();

    private TopicCatalogue() {
    }

    private static List<Entry> build() {
        List<Entry> entries = new ArrayList<>();
        for (TopicKind kind : TopicKind.values()) {
            String[] segments = kind.template().substring(1).split("/");
            entries.add(new Entry(kind, segments, literalCount(segments)));
        }
        return List.copyOf(entries);
    }

    public static Optional<TopicRoute> parse(String topic) {
        if (topic == null || !topic.startsWith("/")) {
            return Optional.empty();
        }
        boolean reply = topic.endsWith(REPLY_SUFFIX);
        String base = reply ? topic.substring(0, topic.length() - REPLY_SUFFIX.length()) : topic;
        String[] segments = base.substring(1).split("/", -1);
        TopicRoute best = null;
        int bestLiterals = -1;
        for (Entry entry : TABLE) {
            if (entry.segments.length != segments.length || entry.literals <= bestLiterals) {
                continue;
            }
            TopicRoute route = match(entry, segments, reply);
            if (route != null) {
                best = route;
                bestLiterals = entry.literals;
            }
        }
        return Optional.ofNullable(best);
    }

    private static TopicRoute match(Entry entry, String[] segments, boolean reply) {
        String pk = null;
        String dk = null;
        String id = null;
        for (int i = 0; i < segments.length; i++) {
            String pattern = entry.segments[i];
            String actual = segments[i];
            switch (pattern) {
                case "{pk}" -> pk = actual;
                case "{dk}" -> dk = actual;
                case "{id}" -> id = actual;
                default -> {
                    if (!pattern.equals(actual)) {
                        return null;
                    }
                }
            }
            if (pattern.startsWith("{") && actual.isEmpty()) {
                return null;
            }
        }
        return new TopicRoute(entry.kind, pk, dk, id, reply);
    }

    private static int literalCount(String[] segments) {
        int count = 0;
        for (String segment : segments) {
            if (!segment.startsWith("{")) {
                count++;
            }
        }
        return count;
    }
}
