package org.safeguarding.hub.alert;

import java.util.Arrays;
import java.util.Locale;
import org.safeguarding.hub.system.DateRangeFilter;

/** The alerts list's GET filter form: bookmarkable, and anything unknown in it means "any", never an error page. */
public class AlertFilter extends DateRangeFilter {

    private String q;
    private String status;
    private String severity;
    private String sort;

    /** The words searched for in references and titles, or null. */
    String text() {
        return q == null || q.isBlank() ? null : q.trim();
    }

    AlertList.State state() {
        return parse(AlertList.State.class, status);
    }

    Severity severityWanted() {
        return parse(Severity.class, severity);
    }

    AlertList.Sort sortWanted() {
        AlertList.Sort wanted = parse(AlertList.Sort.class, sort);
        return wanted == null ? AlertList.Sort.NEWEST : wanted;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        String name = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    public String getQ() {
        return q;
    }

    public void setQ(String q) {
        this.q = q;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getSeverity() {
        return severity;
    }

    public void setSeverity(String severity) {
        this.severity = severity;
    }

    public String getSort() {
        return sort;
    }

    public void setSort(String sort) {
        this.sort = sort;
    }
}
