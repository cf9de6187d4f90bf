package org.openenos.timeseries.questdb;

import io.questdb.cairo.TableWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer's symbol keys of one symbol column, cached by value. {@code Row.putSym} looks the text up in QuestDB's
 * symbol map on every row (hashing it through {@code CharSequence.charAt}); the ids of a batch repeat a few thousand
 * distinct strings, so a Java map hit on a cached {@code String} hash and {@code putSymIndex} cost a fraction of it.
 * Keys added by a transaction that is rolled back are taken back by QuestDB, so the cache is cleared on rollback and
 * whenever the writer is reopened. Values decoded from one log record share one {@code String} per id, and a
 * record's values usually come asset by asset, so the last id and its key are kept too: a comparison with it
 * (by reference, else by content, as ids of different records are different instances) settles most org and asset
 * look-ups without touching the map.
 */
final class SymbolKeys {
    private final int column;
    private final Map<String, Integer> keys = new HashMap<>();
    private TableWriter writer;
    private String last;
    private int lastKey;

    SymbolKeys(int column) {
        this.column = column;
    }

    void reset(TableWriter writer) {
        this.writer = writer;
        keys.clear();
        last = null;
    }

    int keyOf(String value) {
        if (value == last && value != null || value != null && value.equals(last)) {
            return lastKey;
        }
        Integer key = keys.get(value);
        if (key == null) {
            key = writer.getSymbolMapWriter(column).put(value);
            keys.put(value, key);
        }
        last = value;
        lastKey = key;
        return key;
    }
}
