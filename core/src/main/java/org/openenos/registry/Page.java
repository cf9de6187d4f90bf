package org.openenos.registry;

import java.util.List;

/** One page of a search: {@code pageNo} counts from 1, as in the EnOS APIs. */
public record Page<T>(List<T> items, int pageNo, int pageSize, long totalSize) {
    public static final int MAX_PAGE_SIZE = 1000;

    public record Request(int pageNo, int pageSize) {
        public Request {
            pageNo = Math.max(1, pageNo);
            pageSize = pageSize <= 0 ? 10 : Math.min(pageSize, MAX_PAGE_SIZE);
        }

        public int offset() {
            return (pageNo - 1) * pageSize;
        }

        public static Request first(int size) {
            return new Request(1, size);
        }
    }

    public static <T> Page<T> of(List<T> all, Request request) {
        int from = Math.min(all.size(), request.offset());
        int to = Math.min(all.size(), from + request.pageSize());
        return new Page<>(all.subList(from, to), request.pageNo(), request.pageSize(), all.size());
    }
}
