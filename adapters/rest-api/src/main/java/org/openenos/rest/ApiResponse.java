package org.openenos.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** The EnOS v2.1 response envelope: {@code {code, msg, requestId, data, pagination?}}; code 0 means success. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse(int code, String msg, String requestId, Object data, Pagination pagination) {

    public static ApiResponse ok(Object data) {
        return new ApiResponse(0, "OK", UUID.randomUUID().toString(), data, null);
    }

    public static ApiResponse page(Object data, Pagination pagination) {
        return new ApiResponse(0, "OK", UUID.randomUUID().toString(), data, pagination);
    }

    public static ApiResponse error(int code, String msg) {
        return new ApiResponse(code, msg, UUID.randomUUID().toString(), null, null);
    }

    /** {@code pageNo} counts from 1. */
    public record Pagination(int pageNo, int pageSize, long totalSize, String sortedBy) {
    }
}
