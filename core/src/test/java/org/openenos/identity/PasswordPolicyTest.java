package org.openenos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openenos.error.OpenEnosException;

class PasswordPolicyTest {
    private final PasswordPolicy policy = PasswordPolicy.standard();

    @Test
    void passwordsShorterThanTenCharactersAreRefused() {
        for (String weak : new String[] {"password", "12345678", "Sh0rt-pw!"}) {
            assertThatThrownBy(() -> policy.check("someone", weak)).as(weak).isInstanceOf(OpenEnosException.class)
                    .hasMessageContaining("10 to 128 characters");
        }
    }

    @Test
    void longButCommonPasswordsAreRefusedWhateverTheirCase() {
        for (String common : new String[] {"1234567890", "qwertyuiop", "Password123", "ILOVEYOU123", "football2024",
                "1q2w3e4r5t"}) {
            assertThatThrownBy(() -> policy.check("someone", common)).as(common)
                    .hasMessageContaining("most common passwords").hasMessageNotContaining(common);
        }
        assertThat(policy.commonPasswords()).isGreaterThan(5_000);
    }

    @Test
    void theUserNameIsNoPassword() {
        assertThatThrownBy(() -> policy.check("longusername", "LongUserName")).hasMessageContaining("user name");
    }

    @Test
    void longUncommonPasswordsAreAcceptedIncludingTheOnesTheAcceptanceChecksUse() {
        for (String good : new String[] {"Acceptance-Admin-123!", "Test-Admin-Password-1", "Quiet-Harbor-1f3a9c2b",
                "correct horse battery staple"}) {
            assertThatCode(() -> policy.check("admin", good)).as(good).doesNotThrowAnyException();
        }
    }
}
