package org.openenos.timeseries.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openenos.error.OpenEnosException;

class PageCursorTest {
    String fingerprint = PageCursor.fingerprint("raw", "o1", List.of("a"), List.of("p", "q"), "s", "e", false);

    @Test
    void aTokenCarriesThePositionOfEverySeriesAndNoTokenMeansAllAreDone() {
        String token = PageCursor.encode(fingerprint, new long[]{1234L, PageCursor.DONE});
        assertThat(PageCursor.decode(token, fingerprint, 2)).containsExactly(1234L, PageCursor.DONE);
        assertThat(PageCursor.encode(fingerprint, new long[]{PageCursor.DONE, PageCursor.DONE})).isNull();
        assertThat(PageCursor.decode(null, fingerprint, 2)).containsExactly(PageCursor.START, PageCursor.START);
    }

    @Test
    void aTokenOfAnotherRequestOrAForgedOneIsRejected() {
        String token = PageCursor.encode(fingerprint, new long[]{1234L, 5L});
        String other = PageCursor.fingerprint("raw", "o1", List.of("a"), List.of("p", "q"), "s", "e2", false);
        assertThatThrownBy(() -> PageCursor.decode(token, other, 2)).isInstanceOf(OpenEnosException.class)
                .hasMessageContaining("does not belong to this request");
        assertThatThrownBy(() -> PageCursor.decode("%%%", fingerprint, 2)).isInstanceOf(OpenEnosException.class);
    }
}
