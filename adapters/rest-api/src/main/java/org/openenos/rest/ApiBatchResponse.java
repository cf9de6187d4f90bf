package org.openenos.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * The EnOS envelope of a batch operation: {@code data} holds one {@link Item} per input, in input order, each with
 * its own code ({@code 0} created, otherwise the EnOS error code and message of that item), and {@code successSize}
 * of {@code totalSize} items succeeded. The envelope's own code is 0 whenever the request was processed.
 */
public record ApiBatchResponse(int code, String msg, String requestId, List<Item> data, int successSize,
                               int totalSize) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int code, String msg, Object data) {
        public static Item ok(Object data) {
            return new Item(0, "OK", data);
        }
    }

    public static ApiBatchResponse of(List<Item> items) {
        int ok = (int) items.stream().filter(i -> i.code() == 0).count();
        return new ApiBatchResponse(0, ok == items.size() ? "OK" : (items.size() - ok) + " of " + items.size()
                + " items failed", UUID.randomUUID().toString(), items, ok, items.size());
    }
}
