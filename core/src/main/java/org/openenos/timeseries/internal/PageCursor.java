package org.openenos.timeseries.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The {@code pageToken} of the raw-data queries: per series (assets × points in request order) the time of the last
 * row read, or that the series is done. The token is bound to its request by a fingerprint, so a token passed with
 * another request is an 80400 rather than a silently wrong page. Positions are row times, not offsets, so a page
 * stays correct when values are appended while a client pages.
 */
public final class PageCursor {
    /** The series has been read to its end. */
    public static final long DONE = Long.MIN_VALUE;
    /** The series has not been read yet (first page). */
    public static final long START = Long.MAX_VALUE;
    private static final String VERSION = "p1";

    private PageCursor() {
    }

    /** Identifies a request independently of its page: the arguments that select rows. */
    public static String fingerprint(String kind, String orgId, List<String> assets, List<String> points,
                                     String start, String end, boolean descending) {
        return Integer.toHexString(Objects.hash(kind, orgId, assets, points, start, end, descending));
    }

    /** Positions of {@code series} series; all {@link #START} when {@code token} is null or blank. */
    public static long[] decode(String token, String fingerprint, int series) {
        long[] positions = new long[series];
        if (token == null || token.isBlank()) {
            java.util.Arrays.fill(positions, START);
            return positions;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw TsdbTime.bad("pageToken is not a token this service returned");
        }
        String[] parts = text.split(";", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !fingerprint.equals(parts[1])) {
            throw TsdbTime.bad("pageToken does not belong to this request: send the same body as for the first page");
        }
        String[] entries = parts[2].split(",", -1);
        if (entries.length != series) {
            throw TsdbTime.bad("pageToken does not belong to this request: send the same body as for the first page");
        }
        try {
            for (int i = 0; i < series; i++) {
                positions[i] = "d".equals(entries[i]) ? DONE : Long.parseLong(entries[i]);
            }
        } catch (NumberFormatException e) {
            throw TsdbTime.bad("pageToken is not a token this service returned");
        }
        return positions;
    }

    /** The token for the next page, or null when every series is done. */
    public static String encode(String fingerprint, long[] positions) {
        boolean more = false;
        var text = new StringBuilder(VERSION).append(';').append(fingerprint).append(';');
        for (int i = 0; i < positions.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            if (positions[i] == DONE) {
                text.append('d');
            } else {
                more = true;
                text.append(positions[i]);
            }
        }
        return more ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.toString().getBytes(StandardCharsets.US_ASCII)) : null;
    }
}
