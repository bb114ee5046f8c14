package org.safeguarding.hub.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.safeguarding.hub.delivery.DeliveryStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An alert's deliveries and acknowledgements as CSV (RFC 4180), one row per school and channel, written row by row
 * as the database hands them over: a national alert's 22,000 schools are never all in memory. Text that a
 * spreadsheet would run as a formula is defused.
 */
@Component
class DeliveryExport {

    static final List<String> HEADER = List.of("URN", "School", "Local authority", "Channel", "Status", "Recipient",
            "Attempts", "Sent at", "Delivered at", "Last error", "Acknowledged by", "Acknowledger's role",
            "Acknowledged at", "Actions taken", "Acknowledged how");
    /** Rows fetched per round trip: PostgreSQL streams with a cursor instead of reading the whole result. */
    private static final int FETCH_SIZE = 500;

    private final NamedParameterJdbcTemplate jdbc;

    DeliveryExport(DataSource dataSource) {
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(FETCH_SIZE);
        this.jdbc = new NamedParameterJdbcTemplate(streaming);
    }

    /** Writes the export; read-only transaction: PostgreSQL keeps a cursor open only inside one. Returns the rows. */
    @Transactional(readOnly = true)
    public int write(long alertId, Writer out) throws IOException {
        CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get().print(out);
        int[] rows = {0};
        jdbc.query("""
                select d.urn, e.name, e.la_name, d.channel, d.status, d.recipient, d.attempts, d.sent_at, d.updated_at,
                  d.last_error, a.acknowledged_by, a.role, a.acknowledged_at, a.actions, a.via
                from delivery d join establishment e on e.urn = d.urn
                  left join acknowledgement a on a.alert_id = d.alert_id and a.urn = d.urn
                where d.alert_id = :id and d.purpose = 'ALERT'
                order by e.name, d.urn, d.channel""", java.util.Map.of("id", alertId), (ResultSet rs) -> {
            try {
                csv.printRecord(row(rs).stream().map(DeliveryExport::defused).toList());
                rows[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        csv.flush();
        return rows[0];
    }

    private static List<String> row(ResultSet rs) throws SQLException {
        String status = rs.getString("status");
        String via = rs.getString("via");
        return List.of(Long.toString(rs.getLong("urn")), text(rs.getString("name")), text(rs.getString("la_name")),
                Channel.valueOf(rs.getString("channel")).label(), DeliveryStatus.label(status),
                text(rs.getString("recipient")), Integer.toString(rs.getInt("attempts")),
                time(rs.getObject("sent_at", OffsetDateTime.class)),
                "DELIVERED".equals(status) ? time(rs.getObject("updated_at", OffsetDateTime.class)) : "",
                text(rs.getString("last_error")), text(rs.getString("acknowledged_by")), text(rs.getString("role")),
                time(rs.getObject("acknowledged_at", OffsetDateTime.class)), text(rs.getString("actions")),
                via == null ? "" : "MIS".equals(via) ? "School MIS" : "Link");
    }

    /**
     * A cell a spreadsheet would take for a formula (=, +, -, @, or a tab or carriage return before one) gets a
     * leading apostrophe: an acknowledger's typed "actions" must not run on an officer's machine (OWASP CSV injection).
     */
    static String defused(String cell) {
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String time(OffsetDateTime at) {
        return at == null ? "" : at.toInstant().toString();
    }
}
