package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The alerts list's SQL on the test profile's H2, and its page: a bookmarkable GET filter form and paging links. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
class AlertListPageTest extends AlertListContract {

    @LocalServerPort
    int port;

    @Test
    void theFilterIsAGetFormAndTheRowsAreFiltered() {
        HttpResponse<String> page = viewer().get("/alerts?q=" + WORD + "&status=UPDATED&severity=&sort=NEWEST");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("method=\"get\"").contains("id=\"alert-filter\"")
                .contains("value=\"" + WORD + "\"")
                .contains("<option value=\"UPDATED\" selected=\"selected\">Updated</option>");
        assertThat(rowReferences(page.body())).containsExactly(updated);
        assertThat(page.body()).contains(">Updated</strong>").contains(updated + "-U1")
                .contains("Update awaiting approval").contains("Showing 1 to 1 of 1 alerts");
    }

    @Test
    void pagingLinksKeepTheFilter() {
        HttpResponse<String> first = viewer().get("/alerts?q=" + WORD);
        assertThat(first.body()).contains("Showing 1 to 25 of " + (4 + BULK) + " alerts")
                .contains("class=\"govuk-pagination\"")
                .contains("href=\"/alerts?q=" + WORD + "&amp;page=2\" rel=\"next\"");
        assertThat(rowReferences(first.body())).hasSize(AlertList.PAGE_SIZE);

        HttpResponse<String> second = viewer().get("/alerts?q=" + WORD + "&page=2");
        assertThat(second.body()).contains("Showing 26 to " + (4 + BULK) + " of " + (4 + BULK) + " alerts")
                .contains("rel=\"prev\"").doesNotContain("rel=\"next\"")
                .contains("aria-current=\"page\">2</a>");
        assertThat(rowReferences(second.body())).hasSize(4 + BULK - AlertList.PAGE_SIZE)
                .doesNotContainAnyElementsOf(rowReferences(first.body()));
    }

    @Test
    void aWrongDateIsAnErrorOnThePageAndNonsenseIsIgnored() {
        HttpResponse<String> page = viewer().get("/alerts?q=" + WORD + "&fromDay=31&fromMonth=2&fromYear=2026");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Error: Alerts")
                .contains("govuk-error-summary").contains("The from date must be a real date, like 27 3 2026")
                .contains("href=\"#fromDay\"");

        HttpResponse<String> nonsense = viewer().get("/alerts?q=" + WORD + "&status=LOST&severity=x&sort=y&page=z");
        assertThat(nonsense.statusCode()).isEqualTo(200);
        assertThat(rowReferences(nonsense.body())).hasSize(AlertList.PAGE_SIZE).contains(ownDraft);
    }

    private TestBrowser viewer() {
        return new TestBrowser(port).signIn(VIEWER, TestAccounts.password(VIEWER));
    }

    /** The references of the rows of the "all alerts" table. */
    private static java.util.List<String> rowReferences(String html) {
        String table = html.substring(html.indexOf("id=\"all\""));
        Matcher m = Pattern.compile("data-reference=\"([^\"]+)\"").matcher(table);
        java.util.List<String> references = new java.util.ArrayList<>();
        while (m.find()) {
            references.add(m.group(1));
        }
        return references;
    }
}
