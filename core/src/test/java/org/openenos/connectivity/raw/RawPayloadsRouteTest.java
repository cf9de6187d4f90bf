package org.openenos.connectivity.raw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openenos.protocol.TopicKind;
import org.openenos.protocol.TopicRoute;

/**
 * The route a message converted from {@code model/up_raw} takes (enos-protocol.md §3.1 {@code model/up_raw} "raw
 * bytes → raw bytes"; the converted message names an ordinary method of §3.1).
 */
class RawPayloadsRouteTest {
    @Test
    void aConvertedMessageTakesTheTopicOfItsMethodAndAnEventKeepsItsIdentifier() {
        assertThat(RawPayloads.routeOf("thing.measurepoint.post", "pk", "dk")).map(TopicRoute::kind)
                .contains(TopicKind.MEASUREPOINT_POST);
        TopicRoute event = RawPayloads.routeOf("thing.event.overheat.post", "pk", "dk").orElseThrow();
        assertThat(event.kind()).isEqualTo(TopicKind.EVENT_POST);
        assertThat(event.id()).isEqualTo("overheat");
        assertThat(event.topic()).isEqualTo("/sys/pk/dk/thing/event/overheat/post");
    }

    @Test
    void aMethodThatIsNoDeviceRequestOrOfTheIntegrationChannelHasNoRoute() {
        assertThat(RawPayloads.routeOf("thing.service.reboot", "pk", "dk")).isEmpty();
        assertThat(RawPayloads.routeOf("integration.measurepoint.post", "pk", "dk")).isEmpty();
        assertThat(RawPayloads.routeOf("thing.event.a.b.post", "pk", "dk")).isEmpty();
        assertThat(RawPayloads.routeOf(null, "pk", "dk")).isEmpty();
    }
}
