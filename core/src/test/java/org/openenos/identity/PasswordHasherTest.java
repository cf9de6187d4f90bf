package org.openenos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashStoredByTheFormerSpringSecurityEncoderStillVerifies() {
        // Written by BCryptPasswordEncoder(10) of spring-security-crypto 7.0, as databases of earlier versions hold.
        String stored = "$2a$10$Z8koK7jSE8RUKFePwXG/R.97KfryXQRb7/AubDLFefIxCyBo2xUO.";

        assertThat(hasher.matches("s3cret-Pässword", stored)).isTrue();
        assertThat(hasher.matches("s3cret-Passwort", stored)).isFalse();
    }

    @Test
    void aNewHashIsBcryptOfCostTenWithAFreshSalt() {
        String first = hasher.hash("correct horse");
        String second = hasher.hash("correct horse");

        assertThat(first).startsWith("$2a$10$").hasSize(60);
        assertThat(second).isNotEqualTo(first);
        assertThat(hasher.matches("correct horse", first)).isTrue();
        assertThat(hasher.matches("correct horsf", first)).isFalse();
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsRefusedAndNeverMatches() {
        String seventyTwo = "a".repeat(72);
        String stored = hasher.hash(seventyTwo);

        assertThatThrownBy(() -> hasher.hash(seventyTwo + "b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(hasher.matches(seventyTwo + "b", stored)).isFalse();
        assertThat(hasher.matches(seventyTwo, stored)).isTrue();
    }

    @Test
    void aMissingPasswordOrAValueThatIsNoBcryptHashMatchesNothing() {
        assertThat(hasher.matches(null, hasher.hash("x"))).isFalse();
        assertThat(hasher.matches("x", null)).isFalse();
        assertThat(hasher.matches("x", "plain-text")).isFalse();
        assertThat(hasher.matches("x", "$1$abc$def")).isFalse();
    }
}
