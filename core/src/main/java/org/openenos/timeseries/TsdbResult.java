package org.openenos.timeseries;

import java.util.List;
import java.util.Map;

/** The {@code data} of a TSDB response: {@code {items:[…]}}, each item a JSON object as an ordered map. */
public record TsdbResult(List<Map<String, Object>> items) {
    public TsdbResult {
        items = List.copyOf(items);
    }
}
