package org.safeguarding.hub.delivery.sms;

import java.text.Normalizer;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Texts in the GSM 03.38 alphabet only: one character outside it makes the network send the whole text as UCS-2, 70
 * characters a fragment instead of 160, tripling the cost and the fragments. Typographic punctuation is replaced by
 * its plain form, accents the alphabet lacks are dropped from their letter, anything else is left out.
 */
final class Gsm7 {

    /** Three concatenated fragments of 153 septets: the longest text the hub sends. */
    static final int MAX_SEPTETS = 459;

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Sent as an escape and the character: two septets each. */
    private static final String EXTENSION = "^{}\\[~]|€";

    private static final Map<Character, String> PLAIN = Map.ofEntries(
            Map.entry('‘', "'"), Map.entry('’', "'"), Map.entry('‚', "'"), Map.entry('′', "'"),
            Map.entry('“', "\""), Map.entry('”', "\""), Map.entry('„', "\""), Map.entry('″', "\""),
            Map.entry('–', "-"), Map.entry('—', "-"), Map.entry('‐', "-"), Map.entry('−', "-"),
            Map.entry('…', "..."), Map.entry('\u00a0', " "), Map.entry('\t', " "), Map.entry('•', "-"),
            Map.entry('`', "'"), Map.entry('´', "'"));

    private Gsm7() {
    }

    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0) {
                out.append(c);
            } else if (PLAIN.containsKey(c)) {
                out.append(PLAIN.get(c));
            } else {
                // e.g. ê → e, ç → c; a character with no GSM letter under it is dropped
                String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
                if (!base.isEmpty() && BASIC.indexOf(base.charAt(0)) >= 0 && base.charAt(0) != '\n') {
                    out.append(base.charAt(0));
                }
            }
        }
        return out.toString();
    }

    static boolean isGsm7(String text) {
        return text.chars().allMatch(c -> BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0);
    }

    static int septets(String text) {
        return text.length() + (int) text.chars().filter(c -> EXTENSION.indexOf(c) >= 0).count();
    }

    /**
     * The text {@code render} makes of {@code title}, in GSM-7, with the title cut (ending "...") until the text fits
     * {@link #MAX_SEPTETS}: the title is what gives way, never the reference or the link.
     */
    static String fit(String title, UnaryOperator<String> render) {
        String text = clean(render.apply(title));
        for (int keep = title.length(); septets(text) > MAX_SEPTETS && keep > 0; ) {
            keep = Math.max(0, keep - (septets(text) - MAX_SEPTETS) - (keep == title.length() ? 3 : 0));
            text = clean(render.apply(title.substring(0, keep).strip() + "..."));
        }
        return text;
    }
}
