package org.openenos.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.openenos.error.OpenEnosException;

/**
 * What a password must be: at least {@value #MIN_LENGTH} characters (NIST SP 800-63B asks for at least 8; length is
 * what makes guessing expensive), at most {@value #MAX_LENGTH}, not a well-known password and not the user name.
 * The known passwords ship as a resource ({@code common-passwords.txt}), compared without regard to case: nothing is
 * fetched at run time.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;
    private static final String COMMON = "common-passwords.txt";

    private final Set<String> common;

    private PasswordPolicy(Set<String> common) {
        this.common = common;
    }

    /** The policy with the shipped list of common passwords. */
    public static PasswordPolicy standard() {
        return Holder.STANDARD;
    }

    private static final class Holder {
        static final PasswordPolicy STANDARD = new PasswordPolicy(load());
    }

    /** @throws OpenEnosException (bad argument) saying what is wrong, never echoing the password */
    public void check(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw OpenEnosException.badArgument("password: " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
        String folded = password.toLowerCase(Locale.ROOT);
        if (common.contains(folded)) {
            throw OpenEnosException.badArgument("password: this is one of the most common passwords; choose another");
        }
        if (username != null && folded.equals(username.toLowerCase(Locale.ROOT))) {
            throw OpenEnosException.badArgument("password: must not be the user name");
        }
    }

    int commonPasswords() {
        return common.size();
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(32_768);
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON)) {
            if (in == null) {
                throw new IllegalStateException(COMMON + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
