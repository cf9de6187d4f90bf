package org.openenos.timeseries.questdb;

import io.questdb.cairo.TableWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer's symbol keys of one symbol column, cached by value. {@code Row.putSym} looks the text up in QuestDB's
 * symbol map on every row (hashing it through {@code CharSequence.charAt}); the ids of a batch repeat a few thousand
 * distinct strings, so a Java map hit on a cached {@code String} hash and {@code putSymIndex} cost a fraction of it.
 * Keys added by a transaction that is rolled back are taken back by QuestDB, so the cache is cleared on rollback and
 * whenever the writer is reopened.
 */
final class SymbolKeys {
    private final int column;
    private final Map<String, Integer> keys = new HashMap<>();
    private TableWriter writer;

    SymbolKeys(int column) {
        this.column = column;
    }

    void reset(TableWriter writer) {
        this.writer = writer;
        keys.clear();
    }

    int keyOf(String value) {
        Integer key = keys.get(value);
        if (key == null) {
            key = writer.getSymbolMapWriter(column).put(value);
            keys.put(value, key);
        }
        return key;
    }
}
