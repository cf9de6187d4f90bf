package org.openenos.rest.live;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.openenos.error.OpenEnosException;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /live-service/v2.1/measurepoints?orgId&assetIds=a,b[&pointIds=p,q]}: a Server-Sent Events stream of
 * the measure point values of the given assets as they are stored ({@code measurepoints} events, a JSON array of
 * {@code {assetId, pointId, time, value, quality}}). Browsers' EventSource cannot send headers, so this endpoint
 * alone also takes the bearer token as the {@code token} query parameter.
 */
@RestController
@RequestMapping("/live-service/v2.1")
public class LiveController {
    static final int MAX_ASSETS = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LiveStreams streams;
    private final ApiAccess access;

    public LiveController(LiveStreams streams, ApiAccess access) {
        this.streams = streams;
        this.access = access;
    }

    @GetMapping(path = "/measurepoints", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter measurepoints(@RequestParam String orgId, @RequestParam String assetIds,
                                    @RequestParam(required = false) String pointIds, HttpServletResponse response)
            throws IOException {
        try {
            String org = access.requireRead(orgId);
            Set<String> assets = split(assetIds);
            if (assets.isEmpty() || assets.size() > MAX_ASSETS) {
                throw OpenEnosException.badArgument("assetIds: between 1 and " + MAX_ASSETS
                        + " asset ids, comma-separated");
            }
            // Values carry their org id: a stream only passes values of the caller's organization (checked above).
            return streams.open(org, assets, split(pointIds));
        } catch (OpenEnosException e) {
            // The client asked for an event stream, so the JSON error envelope is written here directly
            // (content negotiation would otherwise refuse to send JSON to an Accept: text/event-stream request).
            response.setStatus(switch (e.code()) {
                case FORBIDDEN -> 403;
                case UNAUTHENTICATED -> 401;
                case TOO_MANY_REQUESTS -> 429;
                case UNAVAILABLE -> 503;
                default -> 400;
            });
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            JSON.writeValue(response.getOutputStream(), ApiResponse.error(e.code().enosCode(), e.getMessage()));
            return null;
        }
    }

    /** A browser that went away mid-write is normal for a live stream: nothing to log or answer. */
    @org.springframework.web.bind.annotation.ExceptionHandler(
            org.springframework.web.context.request.async.AsyncRequestNotUsableException.class)
    public void clientGone() {
        // the connection is closed; LiveConnection has already released its resources
    }

    private static Set<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
