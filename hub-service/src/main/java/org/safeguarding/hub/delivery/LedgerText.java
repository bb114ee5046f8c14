package org.safeguarding.hub.delivery;

/** Text for the ledger's 1,000-character columns (a delivery's recipient and last error, a bounce's reason). */
public final class LedgerText {

    static final int MAX = 1000;

    private LedgerText() {
    }

    /** {@code text} cut to fit its column; null stays null. */
    public static String fit(String text) {
        return text == null || text.length() <= MAX ? text : text.substring(0, MAX);
    }
}
