package org.openenos.connectivity.command;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Commands in memory only: used by tests and by a gateway started without a database. Lost on restart. */
public final class InMemoryCommandStore implements CommandStore {
    private final Map<String, CommandRecord> records = new ConcurrentHashMap<>();

    @Override
    public void save(CommandRecord record) {
        records.put(record.commandId(), record);
    }

    @Override
    public Optional<CommandRecord> find(String commandId) {
        return Optional.ofNullable(records.get(commandId));
    }

    @Override
    public List<CommandRecord> search(Query query) {
        return records.values().stream().filter(matches(query))
                .sorted(Comparator.comparing(CommandRecord::createTime).reversed()
                        .thenComparing(CommandRecord::commandId, Comparator.reverseOrder()))
                .skip(query.offset()).limit(query.limit()).toList();
    }

    @Override
    public long count(Query query) {
        return records.values().stream().filter(matches(query)).count();
    }

    @Override
    public List<CommandRecord> unfinished() {
        return records.values().stream().filter(r -> !r.state().isFinal()).toList();
    }

    private static Predicate<CommandRecord> matches(Query q) {
        return r -> r.orgId().equals(q.orgId())
                && (q.assetId() == null || q.assetId().equals(r.assetId()))
                && (q.state() == null || q.state() == r.state())
                && (q.from() == null || !r.createTime().isBefore(q.from()))
                && (q.to() == null || r.createTime().isBefore(q.to()));
    }
}
