package org.safeguarding.hub.cap;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** What CapReader and CapWriter agree on: the CAP 1.2 namespace, the names of the hub's own CAP values, CAP times. */
final class Cap {

    static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
    static final String NAMESPACE_1_1 = "urn:oasis:names:tc:emergency:cap:1.1";

    /** info/parameter valueNames the hub reads and writes. */
    static final String HUB_CATEGORY = "hubCategory";
    static final String HUB_REFERENCE = "hubReference";
    static final String ACK_DEADLINE = "ackDeadline";
    static final String PARENT_LETTER = "parentLetter";
    static final String CHANNELS = "channels";

    /** info/area/geocode valueNames: GIAS codes and names, as in the hub's targeting. */
    static final String GIAS_LA = "GIAS-LA";
    static final String GIAS_URN = "GIAS-URN";
    static final String GIAS_PHASE = "GIAS-PHASE";
    static final String GIAS_DISTRICT = "GIAS-DISTRICT";

    /** CAP's dateTime: seconds, no fraction, an explicit offset ("Z" is not allowed, so xxx rather than XXX). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    private Cap() {
    }

    /** A time as CAP writes it, in UTC: 2026-03-02T09:00:00+00:00. */
    static String format(OffsetDateTime time) {
        return TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** A CAP time as sent; ISO-8601 with an offset (CAP's "-00:00" reads as UTC). */
    static OffsetDateTime parse(String value, String what) {
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidCapException("CAP " + what + " " + quote(value)
                    + " is not a date and time with a UTC offset, such as 2026-03-02T09:00:00+00:00");
        }
    }

    /** A sender's value, shortened, for an error message. */
    static String shown(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }

    /** A sender's free text, shortened and quoted, for an error message. */
    static String quote(String value) {
        return "\"" + shown(value) + "\"";
    }
}
