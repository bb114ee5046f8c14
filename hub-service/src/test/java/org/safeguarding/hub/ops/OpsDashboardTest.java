package org.safeguarding.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.alert.AlertApiTestBase;
import org.safeguarding.hub.alert.AlertFixtures;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.routes.fanout.DeliveryPlanner;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * DESIGN's ops dashboard under /ops, for OPS only: an approved alert the relay has not published (the outbox waits an
 * hour in this context), an alert going out with its deliveries per channel, a failure by its reason, and a message
 * the email route dead-lettered, each where ops look for it.
 */
class OpsDashboardTest extends AlertApiTestBase {

    static final String RAISER = "ops-raiser";
    static final String CHAIR = "ops-chair";
    static final String OPS = "ops-watcher";
    static final Pattern NUMBER_CELL = Pattern.compile("govuk-table__cell--numeric\"[^>]*>(\\d+)<");
    static final Pattern COUNT = Pattern.compile("id=\"%s\"[^>]*>\\s*(?:<strong>)?(\\d+)");

    @Autowired
    DeliveryPlanner ledger;
    @Autowired
    JmsTemplate jms;

    @BeforeEach
    void accounts() {
        account(RAISER, Role.RAISER);
        account(CHAIR, Role.APPROVER);
        account(OPS, Role.OPS);
    }

    @Test
    void opsSeeWhatIsGoingOutAndWhatNeedsAPerson() {
        long waiting = api.raised(RAISER, AlertFixtures.alertJson("Waiting for the relay"));
        assertThat(api.approve(CHAIR, waiting).statusCode()).isEqualTo(200);
        long going = api.raised(RAISER, AlertFixtures.alertJson("Going out"));
        assertThat(api.approve(CHAIR, going).statusCode()).isEqualTo(200);
        int queued = ledger.plan(going); // as the enrichment does; no email route sends here before the page is read
        String reference = api.read(api.get(CHAIR, "/api/v1/alerts/" + going, "application/json"))
                .get("reference").asText();
        jdbc.sql("""
                update delivery set status = 'FAILED', last_error = 'SMTP 550: 5.1.1 No such user here', updated_at = :now
                where id = (select min(id) from delivery where alert_id = :id and status = 'QUEUED')""")
                .param("id", going).param("now", OffsetDateTime.now()).update();
        jms.convertAndSend(HubQueues.DELIVERIES_EMAIL, "not a delivery");

        TestBrowser ops = new TestBrowser(port).signIn(OPS, TestAccounts.password(OPS));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count(ops.get("/ops").body(), "parked-" + HubQueues.deadLetterQueueOf(HubQueues.DELIVERIES_EMAIL)) >= 1);
        String page = ops.get("/ops").body();

        assertThat(count(page, "unpublished")).as("approved alerts the relay has not published").isGreaterThanOrEqualTo(1);
        assertThat(page).contains("id=\"alert-" + going + "\"", reference, "SMTP 550: 5.1.1 No such user here");
        String row = page.substring(page.indexOf("id=\"alert-" + going + "\""));
        Matcher cells = NUMBER_CELL.matcher(row.substring(0, row.indexOf("</tr>")));
        List<Integer> numbers = new ArrayList<>();
        while (cells.find()) {
            numbers.add(Integer.parseInt(cells.group(1)));
        }
        assertThat(numbers.subList(0, 4)).as("email: queued, sent, delivered, failed").containsExactly(queued - 1, 0, 0, 1);
    }

    @Test
    void onlyOpsOpenTheDashboard() {
        for (String user : new String[] {RAISER, CHAIR}) {
            HttpResponse<String> page = new TestBrowser(port).signIn(user, TestAccounts.password(user)).get("/ops");
            assertThat(page.statusCode()).as(user).isEqualTo(403);
        }
        assertThat(new TestBrowser(port).get("/ops").statusCode()).as("signed out").isEqualTo(302);
    }

    private static int count(String page, String id) {
        Matcher matcher = Pattern.compile(COUNT.pattern().formatted(Pattern.quote(id))).matcher(page);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }
}
