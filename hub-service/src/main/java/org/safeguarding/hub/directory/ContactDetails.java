package org.safeguarding.hub.directory;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks and normalises how a safeguarding contact (or an account holder) is reached. */
public final class ContactDetails {

    /** Pragmatic address syntax: one @, a dotted domain, no spaces or angle brackets. */
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private ContactDetails() {
    }

    public static boolean isEmail(String value) {
        return value.length() <= 320 && EMAIL.matcher(value).matches() && !value.contains("..");
    }

    public static String normaliseEmail(String value) {
        int at = value.lastIndexOf('@');
        return value.substring(0, at) + value.substring(at).toLowerCase(Locale.ROOT);
    }

    /**
     * A UK mobile number in E.164 (+447…), or null when {@code value} is not one. Accepts 07… (national), 7…
     * (a spreadsheet dropped the 0), 447…, +447… and 00447…, with spaces, dashes, dots or brackets.
     */
    public static String ukMobileE164(String value) {
        String digits = value.replaceAll("[\\s().-]", "");
        String national;
        if (digits.startsWith("+44")) {
            national = withoutTrunkZero(digits.substring(3));
        } else if (digits.startsWith("0044")) {
            national = withoutTrunkZero(digits.substring(4));
        } else if (digits.startsWith("44") && digits.length() == 12) {
            national = digits.substring(2);
        } else if (digits.startsWith("0")) {
            national = digits.substring(1);
        } else {
            national = digits;
        }
        return national.matches("7\\d{9}") ? "+44" + national : null;
    }

    /** "+44 (0)7700 900123": the brackets are gone by now, the trunk 0 after the country code is not. */
    private static String withoutTrunkZero(String afterCountryCode) {
        return afterCountryCode.startsWith("0") ? afterCountryCode.substring(1) : afterCountryCode;
    }
}
