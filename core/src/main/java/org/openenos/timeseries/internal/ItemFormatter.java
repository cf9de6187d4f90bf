package org.openenos.timeseries.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shapes series into the {@code items} of a TSDB response. itemFormat 0: one row per value
 * {@code {assetId, <pointId>: value, timestamp, localtime}}; 1: values of an asset at the same timestamp merged into
 * one row; 2: one object per series with arrays {@code {assetId, pointId, timestamp[], localTime[], value[],
 * dataQuality[]}}. With quality, rows carry {@code <pointId>_quality}.
 */
public record ItemFormatter(int itemFormat, boolean withQuality, boolean localTimeAccuracy, int localTimeFormat,
                            boolean descending) {

    public List<Map<String, Object>> format(List<SeriesData> series) {
        return switch (itemFormat) {
            case 0 -> perValue(series);
            case 1 -> mergedByTime(series);
            case 2 -> perSeries(series);
            default -> throw TsdbTime.bad("itemFormat must be 0, 1 or 2");
        };
    }

    private List<Map<String, Object>> perValue(List<SeriesData> series) {
        var items = new ArrayList<Map<String, Object>>();
        for (SeriesData s : series) {
            for (SeriesData.Sample sample : s.samples()) {
                Map<String, Object> row = row(s, sample.time());
                putValue(row, s.key(), sample);
                items.add(row);
            }
        }
        return items;
    }

    private List<Map<String, Object>> mergedByTime(List<SeriesData> series) {
        var items = new ArrayList<Map<String, Object>>();
        var byAsset = new LinkedHashMap<String, List<SeriesData>>();
        series.forEach(s -> byAsset.computeIfAbsent(s.assetId(), a -> new ArrayList<>()).add(s));
        for (List<SeriesData> assetSeries : byAsset.values()) {
            Comparator<Long> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
            var rows = new TreeMap<Long, Map<String, Object>>(order);
            for (SeriesData s : assetSeries) {
                for (SeriesData.Sample sample : s.samples()) {
                    putValue(rows.computeIfAbsent(sample.time(), t -> row(s, t)), s.key(), sample);
                }
            }
            items.addAll(rows.values());
        }
        return items;
    }

    private List<Map<String, Object>> perSeries(List<SeriesData> series) {
        var items = new ArrayList<Map<String, Object>>();
        for (SeriesData s : series) {
            var item = new LinkedHashMap<String, Object>();
            item.put("assetId", s.assetId());
            item.put("pointId", s.key());
            item.put("localTime", s.samples().stream().map(x -> localtime(s, x.time())).toList());
            item.put("timestamp", s.samples().stream().map(SeriesData.Sample::time).toList());
            item.put("value", s.samples().stream().map(SeriesData.Sample::value).toList());
            if (withQuality) {
                item.put("dataQuality", s.samples().stream().map(SeriesData.Sample::quality).toList());
            }
            items.add(item);
        }
        return items;
    }

    private Map<String, Object> row(SeriesData s, long time) {
        var row = new LinkedHashMap<String, Object>();
        row.put("assetId", s.assetId());
        row.put("timestamp", time);
        row.put("localtime", localtime(s, time));
        return row;
    }

    private void putValue(Map<String, Object> row, String key, SeriesData.Sample sample) {
        row.put(key, sample.value());
        if (withQuality) {
            row.put(key + "_quality", sample.quality());
        }
    }

    private String localtime(SeriesData s, long time) {
        return TsdbTime.format(time, s.zone(), localTimeAccuracy, localTimeFormat);
    }
}
