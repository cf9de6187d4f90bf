package org.openenos.rest.registry;

import org.openenos.registry.Page;

/** The EnOS {@code pagination} object of search bodies; pageNo counts from 1. */
public record PageRequestBody(Integer pageNo, Integer pageSize) {
    public Page.Request toRequest(int defaultSize) {
        return new Page.Request(pageNo == null ? 1 : pageNo, pageSize == null ? defaultSize : pageSize);
    }

    public static Page.Request of(PageRequestBody body, int defaultSize) {
        return body == null ? Page.Request.first(defaultSize) : body.toRequest(defaultSize);
    }
}
