package org.openenos.rest.live;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.openenos.error.OpenEnosException;
import org.openenos.rest.ApiAccess;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

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

    private final LiveStreams streams;
    private final ApiAccess access;

    public LiveController(LiveStreams streams, ApiAccess access) {
        this.streams = streams;
        this.access = access;
    }

    @GetMapping(path = "/measurepoints", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter measurepoints(@RequestParam String orgId, @RequestParam String assetIds,
                                    @RequestParam(required = false) String pointIds) {
        String org = access.requireRead(orgId);
        Set<String> assets = split(assetIds);
        if (assets.isEmpty() || assets.size() > MAX_ASSETS) {
            throw OpenEnosException.badArgument("assetIds: between 1 and " + MAX_ASSETS + " asset ids, comma-separated");
        }
        // Values carry their org id: a stream only ever passes values of the caller's organization (checked above).
        return streams.open(org, assets, split(pointIds));
    }

    private static Set<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
