package org.safeguarding.hub.system;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.springframework.validation.Errors;

/**
 * The "from" and "to" dates of a list's GET filter form, each a GOV.UK date input (day, month, year), as the start of
 * the first day and the start of the day after the last, in the hub's zone. Kept as text so that anything typed
 * comes back on the page with an error, never a 400. A list's filter extends this with its own fields.
 */
public class DateRangeFilter {

    private String fromDay;
    private String fromMonth;
    private String fromYear;
    private String toDay;
    private String toMonth;
    private String toYear;
    private int page = 1;

    /** From the start of this day, in {@code zone}; null when no from date (or a wrong one, rejected on errors). */
    public OffsetDateTime from(ZoneId zone, Errors errors) {
        LocalDate day = date("from", fromDay, fromMonth, fromYear, errors);
        return day == null ? null : day.atStartOfDay(zone).toOffsetDateTime();
    }

    /** Up to (not including) the start of the day after this one. */
    public OffsetDateTime toExclusive(ZoneId zone, Errors errors) {
        LocalDate day = date("to", toDay, toMonth, toYear, errors);
        return day == null ? null : day.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
    }

    private static LocalDate date(String field, String day, String month, String year, Errors errors) {
        if (blank(day) && blank(month) && blank(year)) {
            return null;
        }
        String which = "from".equals(field) ? "The from date" : "The to date";
        if (blank(day) || blank(month) || blank(year)) {
            errors.rejectValue(field + "Day", "date", which + " must include a day, month and year");
            return null;
        }
        try {
            int y = Integer.parseInt(year.trim());
            if (y < 1000 || y > 9999) {
                errors.rejectValue(field + "Day", "date", which + " must have a 4-digit year, like 2026");
                return null;
            }
            return LocalDate.of(y, Integer.parseInt(month.trim()), Integer.parseInt(day.trim()));
        } catch (NumberFormatException | DateTimeException e) {
            errors.rejectValue(field + "Day", "date", which + " must be a real date, like 27 3 2026");
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public String getFromDay() {
        return fromDay;
    }

    public void setFromDay(String fromDay) {
        this.fromDay = fromDay;
    }

    public String getFromMonth() {
        return fromMonth;
    }

    public void setFromMonth(String fromMonth) {
        this.fromMonth = fromMonth;
    }

    public String getFromYear() {
        return fromYear;
    }

    public void setFromYear(String fromYear) {
        this.fromYear = fromYear;
    }

    public String getToDay() {
        return toDay;
    }

    public void setToDay(String toDay) {
        this.toDay = toDay;
    }

    public String getToMonth() {
        return toMonth;
    }

    public void setToMonth(String toMonth) {
        this.toMonth = toMonth;
    }

    public String getToYear() {
        return toYear;
    }

    public void setToYear(String toYear) {
        this.toYear = toYear;
    }

    /** 1-based; anything that is not a page number is the first page. */
    public int getPage() {
        return page;
    }

    public void setPage(String page) {
        try {
            this.page = Math.max(1, Integer.parseInt(page.trim()));
        } catch (RuntimeException e) {
            this.page = 1;
        }
    }
}
