package org.openenos.timeseries;

import java.util.List;
import java.util.Map;

/**
 * The {@code data} of a TSDB response: {@code {items:[…], pageToken?}}, each item a JSON object as an ordered map.
 * {@code pageToken} is null when every series was read to its end; otherwise passing it back with the same request
 * reads the next page.
 */
public record TsdbResult(List<Map<String, Object>> items, String pageToken) {
    public TsdbResult {
        items = List.copyOf(items);
    }

    public TsdbResult(List<Map<String, Object>> items) {
        this(items, null);
    }
}
