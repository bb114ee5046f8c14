package org.safeguarding.hub.alert;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.safeguarding.hub.alert.AlertRules.FieldProblem;
import org.safeguarding.hub.directory.Targeting;

/**
 * The raise-an-alert page as typed: every field a string or list, so nothing a person types is lost on the way
 * back to them with an error. Dates follow the GOV.UK date input pattern (day, month, year) plus a 24-hour time,
 * in the hub's time zone.
 */
public record AlertForm(
        String title, String summary, String adviceForSchools, String parentLetter, String severity,
        String category, List<String> localAuthorities, List<String> districts, List<String> phases,
        List<String> establishmentTypes, String urns, List<String> channels,
        String ackDeadlineDay, String ackDeadlineMonth, String ackDeadlineYear, String ackDeadlineTime,
        String expiresDay, String expiresMonth, String expiresYear, String expiresTime, Boolean exercise) {

    public AlertForm {
        localAuthorities = localAuthorities == null ? List.of() : localAuthorities;
        districts = districts == null ? List.of() : districts;
        phases = phases == null ? List.of() : phases;
        establishmentTypes = establishmentTypes == null ? List.of() : establishmentTypes;
        channels = channels == null ? List.of() : channels;
        exercise = Boolean.TRUE.equals(exercise); // an unticked box sends nothing
    }

    /** A blank form with the deadline and expiry filled in as suggestions. */
    static AlertForm blank(OffsetDateTime suggestedDeadline, OffsetDateTime suggestedExpiry, ZoneId zone) {
        ZonedDateTime deadline = suggestedDeadline.atZoneSameInstant(zone);
        ZonedDateTime expiry = suggestedExpiry.atZoneSameInstant(zone);
        return new AlertForm("", "", "", "", "", "", List.of(), List.of(), List.of(), List.of(), "", List.of("EMAIL"),
                Integer.toString(deadline.getDayOfMonth()), Integer.toString(deadline.getMonthValue()),
                Integer.toString(deadline.getYear()), time(deadline),
                Integer.toString(expiry.getDayOfMonth()), Integer.toString(expiry.getMonthValue()),
                Integer.toString(expiry.getYear()), time(expiry), false);
    }

    static AlertForm of(AlertContent c, ZoneId zone) {
        ZonedDateTime deadline = c.ackDeadline().atZoneSameInstant(zone);
        ZonedDateTime expiry = c.expires().atZoneSameInstant(zone);
        return new AlertForm(c.title(), c.summary(), c.adviceForSchools(), c.parentLetter() == null ? "" : c.parentLetter(),
                c.severity().name(), c.category().name(), c.target().localAuthorities(), c.target().districts(),
                c.target().phases(), c.target().establishmentTypes(),
                String.join("\n", c.target().urns().stream().map(String::valueOf).toList()),
                c.channels().stream().map(Enum::name).sorted().toList(),
                Integer.toString(deadline.getDayOfMonth()), Integer.toString(deadline.getMonthValue()),
                Integer.toString(deadline.getYear()), time(deadline),
                Integer.toString(expiry.getDayOfMonth()), Integer.toString(expiry.getMonthValue()),
                Integer.toString(expiry.getYear()), time(expiry),
                c.exercise());
    }

    /** The acknowledgement deadline as typed, day month year time, for the page's script to compare and fill in. */
    String ackDeadlineFields() {
        return String.join(" ", ackDeadlineDay, ackDeadlineMonth, ackDeadlineYear, ackDeadlineTime);
    }

    /** Whether the raiser left the acknowledgement deadline empty, for the hub to suggest one by severity. */
    boolean hasNoAckDeadline() {
        return blank(ackDeadlineDay) && blank(ackDeadlineMonth) && blank(ackDeadlineYear) && blank(ackDeadlineTime);
    }

    /** This form with {@code deadline} typed into the acknowledgement deadline. */
    AlertForm withAckDeadline(OffsetDateTime deadline, ZoneId zone) {
        ZonedDateTime at = deadline.atZoneSameInstant(zone);
        return new AlertForm(title, summary, adviceForSchools, parentLetter, severity, category, localAuthorities,
                districts, phases, establishmentTypes, urns, channels, Integer.toString(at.getDayOfMonth()),
                Integer.toString(at.getMonthValue()), Integer.toString(at.getYear()), time(at), expiresDay,
                expiresMonth, expiresYear, expiresTime, exercise);
    }

    /**
     * The parts of a date field to outline when it has an error (GOV.UK date input): those that cannot be read as a
     * day, month, year or time; all of them when each part reads but the date as a whole is wrong (31 February, past).
     */
    Map<String, Set<String>> badDateParts() {
        return Map.of("ackDeadline", badParts(ackDeadlineDay, ackDeadlineMonth, ackDeadlineYear, ackDeadlineTime),
                "expires", badParts(expiresDay, expiresMonth, expiresYear, expiresTime));
    }

    private static Set<String> badParts(String day, String month, String year, String time) {
        Set<String> bad = new LinkedHashSet<>();
        if (!inRange(day, 1, 31)) {
            bad.add("Day");
        }
        if (!inRange(month, 1, 12)) {
            bad.add("Month");
        }
        if (year == null || !year.strip().matches("\\d{4}")) {
            bad.add("Year");
        }
        if (!blank(time) && !time.strip().matches("([01]?\\d|2[0-3]):[0-5]\\d")) {
            bad.add("Time");
        }
        return bad.isEmpty() ? Set.of("Day", "Month", "Year", "Time") : bad;
    }

    private static boolean inRange(String value, int min, int max) {
        if (value == null || !value.strip().matches("\\d{1,2}")) {
            return false;
        }
        int n = Integer.parseInt(value.strip());
        return n >= min && n <= max;
    }

    private static String time(ZonedDateTime at) {
        return "%02d:%02d".formatted(at.getHour(), at.getMinute());
    }

    /** What the form says, with the problems of the fields that could not be read at all. */
    record Read(AlertContent content, List<FieldProblem> problems) {
    }

    Read read(ZoneId zone) {
        List<FieldProblem> problems = new ArrayList<>();
        Severity severityValue = parse(Severity.class, severity);
        Category categoryValue = parse(Category.class, category);
        Set<Channel> channelValues = EnumSet.noneOf(Channel.class);
        channels.forEach(c -> {
            Channel channel = parse(Channel.class, c);
            if (channel != null) {
                channelValues.add(channel);
            }
        });
        List<Long> urnValues = new ArrayList<>();
        for (String token : (urns == null ? "" : urns).split("[\\s,;]+")) {
            if (token.isEmpty()) {
                continue;
            }
            try {
                urnValues.add(Long.parseLong(token));
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem("urns", "URNs must be numbers, like 100000: '"
                        + (token.length() > 20 ? token.substring(0, 20) + "…" : token) + "' is not"));
                break;
            }
        }
        OffsetDateTime deadline = dateTime("ackDeadline", "acknowledgement deadline", ackDeadlineDay, ackDeadlineMonth,
                ackDeadlineYear, ackDeadlineTime, zone, problems);
        OffsetDateTime expiry = dateTime("expires", "expiry", expiresDay, expiresMonth, expiresYear, expiresTime, zone,
                problems);
        AlertContent content = new AlertContent(title, summary, adviceForSchools, parentLetter, severityValue,
                categoryValue, new Targeting(localAuthorities, districts, phases, establishmentTypes, urnValues),
                channelValues, deadline, expiry, exercise);
        return new Read(content, problems);
    }

    private static OffsetDateTime dateTime(String field, String label, String day, String month, String year,
            String time, ZoneId zone, List<FieldProblem> problems) {
        if (blank(day) && blank(month) && blank(year)) {
            return null; // bean validation reports it as missing
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(year.strip()), Integer.parseInt(month.strip()),
                    Integer.parseInt(day.strip()));
            LocalTime at = blank(time) ? LocalTime.of(17, 0) : LocalTime.parse(pad(time.strip()));
            return date.atTime(at).atZone(zone).toOffsetDateTime();
        } catch (NumberFormatException | DateTimeException | NullPointerException e) {
            problems.add(new FieldProblem(field, "The " + label + " must be a real date and a time like 17:30"));
            return null;
        }
    }

    private static String pad(String time) {
        return time.matches("\\d:\\d\\d") ? "0" + time : time;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (blank(value)) {
            return null;
        }
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(value)).findFirst().orElse(null);
    }
}
