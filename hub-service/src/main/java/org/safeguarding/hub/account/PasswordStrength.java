package org.safeguarding.hub.account;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.stereotype.Component;

/**
 * New and changed passwords, after NCSC's guidance: long (at least {@value #MIN_LENGTH} characters) and not easy to
 * guess, and no composition rules. zxcvbn estimates how many guesses a password would take, against its lists of
 * common passwords, names, words, keyboard patterns, repeats and dates, and against what the hub knows of the person
 * (username, name, organisation) and of itself (service and partnership names); a score under 3 is refused.
 */
@Component
class PasswordStrength {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;
    private static final int STRONG_ENOUGH = 3;

    private final Zxcvbn zxcvbn = new Zxcvbn();
    private final List<String> hubWords;

    PasswordStrength(HubProperties hub) {
        this.hubWords = words(hub.serviceName(), hub.partnershipName(), hub.alerts().referencePrefix());
    }

    /** What is wrong with this password, in words for the field's error message; empty when it will do. */
    Optional<String> problem(String password, String username, String... aboutThePerson) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            return Optional.of("Password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
        if (username != null && !username.isBlank()
                && password.toLowerCase(Locale.ROOT).contains(username.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of("Password must not contain the username");
        }
        List<String> known = new ArrayList<>(hubWords);
        known.addAll(words(username));
        known.addAll(words(aboutThePerson));
        Strength strength = zxcvbn.measure(password, known);
        if (strength.getScore() >= STRONG_ENOUGH) {
            return Optional.empty();
        }
        String warning = strength.getFeedback().getWarning(Locale.UK);
        return Optional.of("Password is too easy to guess"
                + (warning == null || warning.isBlank() ? "" : " (" + warning.strip().replaceAll("\\.$", "") + ")")
                + ". Three or more random words make a strong password");
    }

    private static List<String> words(String... texts) {
        return Arrays.stream(texts).filter(Objects::nonNull)
                .flatMap(text -> Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")))
                .filter(word -> word.length() >= 3).toList();
    }
}
