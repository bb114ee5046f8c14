package org.safeguarding.hub.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;
import org.safeguarding.hub.system.DateRangeFilter;

/**
 * The audit trail's GET filter form (the page and its CSV export): who, what, which alert (its number or its
 * reference, e.g. WEX-2026-0007), and between which dates. Kept as text, so nothing typed is ever a 400.
 */
public class AuditFilter extends DateRangeFilter {

    private String user;
    private String action;
    private String alert;

    String userWanted() {
        return user == null || user.isBlank() ? null : user.trim();
    }

    AuditAction actionWanted() {
        String name = action == null ? "" : action.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(AuditAction.values()).filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    /** An alert's number or reference, or null. */
    String alertWanted() {
        return alert == null || alert.isBlank() ? null : alert.trim();
    }

    /** What was asked for, in words, for the export's own audit row. */
    String describe() {
        StringJoiner words = new StringJoiner(", ");
        if (userWanted() != null) {
            words.add("user " + userWanted());
        }
        if (actionWanted() != null) {
            words.add("action " + actionWanted().name());
        }
        if (alertWanted() != null) {
            words.add("alert " + alertWanted());
        }
        if (getFromYear() != null && !getFromYear().isBlank()) {
            words.add("from " + getFromDay() + "/" + getFromMonth() + "/" + getFromYear());
        }
        if (getToYear() != null && !getToYear().isBlank()) {
            words.add("to " + getToDay() + "/" + getToMonth() + "/" + getToYear());
        }
        return words.length() == 0 ? "everything" : words.toString();
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getAlert() {
        return alert;
    }

    public void setAlert(String alert) {
        this.alert = alert;
    }
}
