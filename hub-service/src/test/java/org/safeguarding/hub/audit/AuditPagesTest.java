package org.safeguarding.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.alert.AlertApiTestBase;
import org.safeguarding.hub.alert.AlertFixtures;
import org.springframework.beans.factory.annotation.Autowired;

/** The audit trail page: filtered by alert reference (no 400), user, action and dates; paged; exported as CSV. */
class AuditPagesTest extends AlertApiTestBase {

    private static final String ADMIN = "audit-pages-admin";
    private static final String RAISER = "audit-pages-raiser";
    private static final String PAGER = "audit-pager";
    private static final String CSV_USER = "audit-csv";
    private static final int MANY = 620;

    @Autowired
    AuditTrail audit;

    @BeforeEach
    void accountsAndRows() {
        account(ADMIN, Role.ADMIN);
        account(RAISER, Role.RAISER);
        if (jdbc.sql("select count(*) from audit_event where actor = :a").param("a", PAGER).query(Integer.class)
                .single() == 0) {
            for (int i = 1; i <= MANY; i++) {
                audit.record(PAGER, "OPS", AuditAction.SIGNED_IN, AuditEvent.ACCOUNT, PAGER, "row " + i);
            }
            audit.record(CSV_USER, "OPS", AuditAction.SIGNED_IN, AuditEvent.ACCOUNT, CSV_USER, "=HYPERLINK(\"http://x\")");
            audit.record(CSV_USER, "OPS", AuditAction.SIGN_IN_FAILED, AuditEvent.ACCOUNT, "+cmd", "@SUM(1+1)");
            audit.record(CSV_USER, "OPS", AuditAction.SIGN_IN_FAILED, AuditEvent.ACCOUNT, CSV_USER, "-2, \"quoted\"\nnext line");
        }
    }

    @Test
    void anAlertReferenceFiltersTheTrailInsteadOfA400() {
        long id = api.raised(RAISER, AlertFixtures.alertJson("Audit filter by reference"));
        String reference = jdbc.sql("select reference from alert where id = :id").param("id", id)
                .query(String.class).single();
        TestBrowser admin = admin();

        HttpResponse<String> page = admin.get("/audit?alert=" + reference);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains(">Alert raised<").contains("href=\"/alerts/" + id + "\"")
                .contains("value=\"" + reference + "\"").doesNotContain("Alert " + (id - 1) + "<");
        assertThat(admin.get("/audit?alert=" + reference.toLowerCase()).body()).contains(">Alert raised<");

        HttpResponse<String> unknown = admin.get("/audit?alert=NONE-2026-9999");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).contains("No events match").doesNotContain("\"status\"");
        assertThat(admin.get("/audit?alert=" + id).body()).contains(">Alert raised<");

        HttpResponse<String> json = api.get(ADMIN, "/api/v1/audit?alert=" + reference, "application/json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(api.read(json).get(0).get("subjectId").asText()).isEqualTo(Long.toString(id));
    }

    @Test
    void pagesGoPastTheFirstFiveHundredRows() {
        TestBrowser admin = admin();
        HttpResponse<String> first = admin.get("/audit?user=" + PAGER);
        assertThat(first.body()).contains("Showing 1 to 100 of " + MANY + " events").contains(">row " + MANY + "<")
                .contains("href=\"/audit?user=" + PAGER + "&amp;page=2\" rel=\"next\"");
        HttpResponse<String> last = admin.get("/audit?user=" + PAGER + "&page=7");
        assertThat(last.body()).contains("Showing 601 to " + MANY + " of " + MANY + " events").contains(">row 1<")
                .doesNotContain(">row 21<").doesNotContain("rel=\"next\"");
    }

    @Test
    void filtersByActionAndDates() {
        TestBrowser admin = admin();
        assertThat(admin.get("/audit?user=" + CSV_USER + "&action=SIGN_IN_FAILED").body())
                .contains("Showing 1 to 2 of 2 events");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
        assertThat(admin.get("/audit?user=" + CSV_USER + dates("from", today) + dates("to", today)).body())
                .contains("Showing 1 to 3 of 3 events");
        assertThat(admin.get("/audit?user=" + CSV_USER + dates("to", today.minusDays(1))).body())
                .contains("No events match");
        HttpResponse<String> wrong = admin.get("/audit?user=" + CSV_USER + "&fromDay=40&fromMonth=1&fromYear=2026");
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("The from date must be a real date");
    }

    @Test
    void theCsvExportHoldsTheFilteredRowsWithFormulasDisarmedAndIsItselfAudited() throws IOException {
        TestBrowser admin = admin();
        assertThat(admin.get("/audit?user=" + CSV_USER).body())
                .contains("href=\"/audit/export?user=" + CSV_USER + "\"");

        HttpResponse<String> export = admin.get("/audit/export?user=" + CSV_USER);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(export.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                .contains("attachment").contains("audit-trail.csv"));
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(export.body())).getRecords();
        assertThat(rows).hasSize(3);
        assertThat(rows).extracting(r -> r.get("Who")).containsOnly(CSV_USER);
        assertThat(rows.get(0).get("Detail")).isEqualTo("'-2, \"quoted\"\nnext line");
        assertThat(rows.get(1).get("Detail")).isEqualTo("'@SUM(1+1)");
        assertThat(rows.get(1).get("Subject")).isEqualTo("'+cmd");
        assertThat(rows.get(2).get("Detail")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(rows.get(2).get("What")).isEqualTo("SIGNED_IN");

        AuditEvent exported = audit.find(AuditEvent.SYSTEM, "audit-trail", 1).get(0);
        assertThat(exported.action()).isEqualTo(AuditAction.AUDIT_EXPORTED);
        assertThat(exported.actor()).isEqualTo(ADMIN);
        assertThat(exported.detail()).isEqualTo("CSV of user " + CSV_USER);
    }

    @Test
    void formulaCellsAreNeutralised() {
        assertThat(AuditController.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(AuditController.cell("\tx")).isEqualTo("'\tx");
        assertThat(AuditController.cell("officer")).isEqualTo("officer");
        assertThat(AuditController.cell(null)).isNull();
    }

    private TestBrowser admin() {
        return new TestBrowser(port).signIn(ADMIN, TestAccounts.password(ADMIN));
    }

    private static String dates(String field, LocalDate day) {
        return "&" + field + "Day=" + day.getDayOfMonth() + "&" + field + "Month=" + day.getMonthValue() + "&"
                + field + "Year=" + day.getYear();
    }
}
