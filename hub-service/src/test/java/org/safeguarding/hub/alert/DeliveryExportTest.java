package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.acknowledgement.Acknowledgements;
import org.safeguarding.hub.routes.fanout.DeliveryPlanner;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The CSV export of an alert's deliveries and acknowledgements: one row per school and channel, RFC 4180, formulas
 * defused, audited, and only for those who act on the alert.
 */
class DeliveryExportTest extends AlertApiTestBase {

    static final String RAISER = "export-raiser";
    static final String OTHER_RAISER = "export-other-raiser";
    static final String CHAIR = "export-chair";
    static final String OPS = "export-ops";
    static final String ADMIN = "export-admin";

    @Autowired
    DeliveryPlanner ledger;
    @Autowired
    Acknowledgements acknowledgements;

    @BeforeEach
    void accounts() {
        account(RAISER, Role.RAISER);
        TestAccounts.ensure(accounts, passwords, OTHER_RAISER, Role.RAISER, "Another police force");
        account(CHAIR, Role.APPROVER);
        account(OPS, Role.OPS);
        account(ADMIN, Role.ADMIN);
    }

    @Test
    void everySchoolAndChannelIsARowAndFormulasAreDefused() throws IOException {
        long id = approvedAndPlanned("Exported");
        jdbc.sql("""
                update delivery set status = 'FAILED', last_error = '=HYPERLINK("http://evil.example","fix")', attempts = 3
                where alert_id = :id and urn = 987001""").param("id", id).update();
        jdbc.sql("update delivery set status = 'SENT', sent_at = current_timestamp where alert_id = :id and urn = 987002")
                .param("id", id).update();
        acknowledgements.record(id, 987002, "Alertshire Academy", "+Bo Alert", "@DSL", "-2+3; told staff, \"quoted\"",
                "127.0.0.1", Acknowledgements.Via.MIS, "school:987002");

        String page = signedIn(CHAIR).get("/alerts/" + id).body();
        int schools = jdbc.sql("select count(distinct urn) from delivery where alert_id = :id").param("id", id)
                .query(Integer.class).single();
        assertThat(page).as("singular: one school has").contains("1 of " + schools + " schools has confirmed they received it.")
                .contains("No contact on record").doesNotContain(">UNREACHABLE<", ">FAILED<", ">EMAIL<");
        assertThat(page.substring(page.indexOf("id=\"confirmations\""))).contains("Alertshire Academy", "987002",
                "+Bo Alert", "The school&#39;s MIS");

        HttpResponse<String> response = signedIn(RAISER).get("/alerts/" + id + "/deliveries.csv");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(response.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment; filename=\"").endsWith("-deliveries.csv\"");
        assertThat(response.body()).as("RFC 4180 lines end CRLF").contains("\r\n");

        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(response.body())).getRecords();
        assertThat(CSVFormat.RFC4180.parse(new StringReader(response.body())).getRecords().get(0).toList())
                .isEqualTo(DeliveryExport.HEADER);
        int planned = jdbc.sql("select count(*) from delivery where alert_id = :id and purpose = 'ALERT'")
                .param("id", id).query(Integer.class).single();
        assertThat(rows).hasSize(planned).hasSizeGreaterThanOrEqualTo(AlertFixtures.OPEN_SCHOOLS);
        Map<String, CSVRecord> byUrn = rows.stream().collect(Collectors.toMap(r -> r.get("URN"), r -> r, (a, b) -> a));

        CSVRecord failed = byUrn.get("987001");
        assertThat(failed.get("School")).isEqualTo("Alertshire Primary School");
        assertThat(failed.get("Channel")).isEqualTo("Email");
        assertThat(failed.get("Status")).isEqualTo("Failed");
        assertThat(failed.get("Attempts")).isEqualTo("3");
        assertThat(failed.get("Last error")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"fix\")");

        CSVRecord confirmed = byUrn.get("987002");
        assertThat(confirmed.get("Status")).isEqualTo("Sent");
        assertThat(confirmed.get("Sent at")).isNotBlank();
        assertThat(confirmed.get("Acknowledged by")).isEqualTo("'+Bo Alert");
        assertThat(confirmed.get("Acknowledger's role")).isEqualTo("'@DSL");
        assertThat(confirmed.get("Actions taken")).isEqualTo("'-2+3; told staff, \"quoted\"");
        assertThat(confirmed.get("Acknowledged how")).isEqualTo("School MIS");
        assertThat(confirmed.get("Acknowledged at")).isNotBlank();
        assertThat(rows).noneSatisfy(row -> assertThat(row.toList())
                .anySatisfy(cell -> assertThat(cell).matches("^[=+\\-@].*")));

        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'DELIVERIES_EXPORTED' and subject_type = 'ALERT'
                  and subject_id = :id and actor = :actor""")
                .param("id", Long.toString(id)).param("actor", RAISER).query(Integer.class).single())
                .as("the export is audited").isEqualTo(1);
    }

    @Test
    void onlyThoseWhoActOnTheAlertExportIt() {
        long id = approvedAndPlanned("Export rules");
        for (String user : new String[] {CHAIR, OPS}) {
            assertThat(signedIn(user).get("/alerts/" + id + "/deliveries.csv").statusCode()).as(user).isEqualTo(200);
        }
        for (String user : new String[] {OTHER_RAISER, ADMIN}) {
            assertThat(signedIn(user).get("/alerts/" + id + "/deliveries.csv").statusCode()).as(user).isEqualTo(403);
        }
        assertThat(signedIn(ADMIN).get("/alerts/" + id).body()).as("no link for whom it is forbidden")
                .doesNotContain("deliveries.csv");
        assertThat(signedIn(CHAIR).get("/alerts/" + id).body()).contains("/alerts/" + id + "/deliveries.csv");
        HttpResponse<String> anonymous = new TestBrowser(port).get("/alerts/" + id + "/deliveries.csv");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'DELIVERIES_EXPORTED' and subject_id = :id")
                .param("id", Long.toString(id)).query(Integer.class).single())
                .as("an export refused is no export").isEqualTo(2);
    }

    /** Approved, and its deliveries planned as the fan-out does (the relay waits an hour here: nothing is sent). */
    private long approvedAndPlanned(String title) {
        long id = api.raised(RAISER, AlertFixtures.alertJson(title));
        assertThat(api.approve(CHAIR, id).statusCode()).isEqualTo(200);
        assertThat(ledger.plan(id)).isPositive();
        return id;
    }

    private TestBrowser signedIn(String user) {
        return new TestBrowser(port).signIn(user, TestAccounts.password(user));
    }
}
