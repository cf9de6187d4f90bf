package org.openenos.edge.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.ModbusArea;

/**
 * The requests that read a device's points: per area, points sorted by address and coalesced into as few reads
 * as possible. Points are merged when they touch or overlap, never across a gap, because reading registers a
 * device does not define earns an "illegal data address" exception for the whole request.
 */
record ReadPlan(List<Request> requests) {

    /** One read: an area, a start address, a quantity and the points it serves. */
    record Request(ModbusArea area, int address, int quantity, List<RawPointConfig> points) {
    }

    static ReadPlan of(List<RawPointConfig> points, int maxRegisters) {
        Map<ModbusArea, List<RawPointConfig>> byArea = new EnumMap<>(ModbusArea.class);
        for (RawPointConfig p : points) {
            byArea.computeIfAbsent(p.area(), a -> new ArrayList<>()).add(p);
        }
        List<Request> requests = new ArrayList<>();
        byArea.forEach((area, list) -> {
            list.sort(Comparator.comparingInt(RawPointConfig::address));
            // Bits come 2000 per read (Modbus spec 6.1); registers maxRegisters (at most 125).
            int limit = area.isBit() ? 2000 : maxRegisters;
            int start = -1;
            int end = -1;
            List<RawPointConfig> group = new ArrayList<>();
            for (RawPointConfig p : list) {
                int pEnd = p.address() + p.width();
                if (start >= 0 && p.address() <= end && Math.max(end, pEnd) - start <= limit) {
                    end = Math.max(end, pEnd);
                    group.add(p);
                    continue;
                }
                if (start >= 0) {
                    requests.add(new Request(area, start, end - start, List.copyOf(group)));
                }
                start = p.address();
                end = pEnd;
                group.clear();
                group.add(p);
            }
            if (start >= 0) {
                requests.add(new Request(area, start, end - start, List.copyOf(group)));
            }
        });
        return new ReadPlan(List.copyOf(requests));
    }
}
