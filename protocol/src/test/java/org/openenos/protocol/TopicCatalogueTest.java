package org.openenos.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    @Test
    void measurepointPostTopicParsesIntoItsKindAndDevice() {
        TopicRoute route = TopicCatalogue.parse("/sys/pk1/dk1/thing/measurepoint/post").orElseThrow();
        assertThat(route.kind()).isEqualTo(TopicKind.MEASUREPOINT_POST);
        assertThat(route.productKey()).isEqualTo("pk1");
        assertThat(route.deviceKey()).isEqualTo("dk1");
        assertThat(route.reply()).isFalse();
        assertThat(route.expectedMethod()).isEqualTo("thing.measurepoint.post");
        assertThat(route.replyTopic()).isEqualTo("/sys/pk1/dk1/thing/measurepoint/post_reply");
    }

    @Test
    void eventTopicCarriesTheEventIdIntoTheExpectedMethod() {
        TopicRoute route = TopicCatalogue.parse("/sys/pk/dk/thing/event/overheat/post").orElseThrow();
        assertThat(route.kind()).isEqualTo(TopicKind.EVENT_POST);
        assertThat(route.id()).isEqualTo("overheat");
        assertThat(route.expectedMethod()).isEqualTo("thing.event.overheat.post");
    }

    @Test
    void measurepointSetIsNotMistakenForAServiceNamedMeasurepoint() {
        assertThat(TopicCatalogue.parse("/sys/pk/dk/thing/service/measurepoint/set").orElseThrow().kind())
                .isEqualTo(TopicKind.MEASUREPOINT_SET);
        TopicRoute service = TopicCatalogue.parse("/sys/pk/dk/thing/service/reboot_reply").orElseThrow();
        assertThat(service.kind()).isEqualTo(TopicKind.SERVICE_INVOKE);
        assertThat(service.id()).isEqualTo("reboot");
        assertThat(service.reply()).isTrue();
    }

    @Test
    void batchAndSessionTopicsAreDistinguishedFromTheirPrefixes() {
        assertThat(TopicCatalogue.parse("/sys/pk/dk/thing/measurepoint/post/batch").orElseThrow().kind())
                .isEqualTo(TopicKind.MEASUREPOINT_POST_BATCH);
        assertThat(TopicCatalogue.parse("/ext/session/pk/dk/combine/login/batch").orElseThrow().kind())
                .isEqualTo(TopicKind.COMBINE_LOGIN_BATCH);
        assertThat(TopicCatalogue.parse("/ext/session/pk/dk/combine/login").orElseThrow().kind())
                .isEqualTo(TopicKind.COMBINE_LOGIN);
    }

    @Test
    void unknownOrMalformedTopicsDoNotParse() {
        assertThat(TopicCatalogue.parse("/sys/pk/dk/thing/unknown")).isEmpty();
        assertThat(TopicCatalogue.parse("sys/pk/dk/thing/measurepoint/post")).isEmpty();
        assertThat(TopicCatalogue.parse("/sys//dk/thing/measurepoint/post")).isEmpty();
        assertThat(TopicCatalogue.parse(null)).isEmpty();
    }

    @Test
    void everyKindRoundTripsThroughItsTemplate() {
        for (TopicKind kind : TopicKind.values()) {
            String topic = kind.topic("pk", "dk", "x1");
            TopicRoute route = TopicCatalogue.parse(topic).orElseThrow();
            assertThat(route.kind()).as(topic).isEqualTo(kind);
            assertThat(route.topic()).isEqualTo(topic);
        }
    }
}
