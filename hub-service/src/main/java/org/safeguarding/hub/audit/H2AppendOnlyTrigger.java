package org.safeguarding.hub.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.h2.api.Trigger;

/**
 * Used by the H2 migration: any UPDATE or DELETE of an audit row fails, as on PostgreSQL, but for the retention
 * purge's redaction ({@link #REDACTED}): the client address removed, the detail replaced by a redaction notice, and
 * on a school's acknowledgement (whose actor was once the name typed on the form) the actor replaced by "school".
 */
public class H2AppendOnlyTrigger implements Trigger {

    /** How a redacted detail starts; the PostgreSQL trigger checks the same. */
    public static final String REDACTED = "Personal data removed";
    public static final String SCHOOL = "school";
    private static final int ACTOR = 2;
    private static final int ACTION = 4;
    private static final int DETAIL = 7;
    private static final int CLIENT_ADDRESS = 8;

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (newRow != null && isRedaction(oldRow, newRow)) {
            return;
        }
        throw new SQLException("audit_event is append-only: " + (newRow == null ? "DELETE" : "UPDATE") + " refused");
    }

    private static boolean isRedaction(Object[] oldRow, Object[] newRow) {
        for (int i = 0; i < DETAIL; i++) {
            if (!Objects.equals(oldRow[i], newRow[i]) && !(i == ACTOR && SCHOOL.equals(newRow[ACTOR])
                    && "ALERT_ACKNOWLEDGED".equals(oldRow[ACTION]))) {
                return false;
            }
        }
        return newRow[CLIENT_ADDRESS] == null && (Objects.equals(oldRow[DETAIL], newRow[DETAIL])
                || newRow[DETAIL] instanceof String detail && detail.startsWith(REDACTED));
    }
}
