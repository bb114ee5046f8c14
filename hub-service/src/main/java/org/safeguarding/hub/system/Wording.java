package org.safeguarding.hub.system;

/** Counts as people read them: "1 school", "73 schools", "1 of 73 schools has confirmed". */
public final class Wording {

    private Wording() {
    }

    /** {@code n} and the noun in its number, e.g. "1 school", "0 schools". */
    public static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /**
     * "{@code part} of {@code whole} schools has/have {@code done}": the noun agrees with the whole, the verb with the
     * part ("1 of 73 schools has confirmed", "2 of 73 schools have confirmed", "0 of 1 school has confirmed").
     */
    public static String partOf(long part, long whole, String singular, String plural, String done) {
        boolean one = part == 1 || whole == 1;
        return part + " of " + count(whole, singular, plural) + (one ? " has " : " have ") + done;
    }
}
