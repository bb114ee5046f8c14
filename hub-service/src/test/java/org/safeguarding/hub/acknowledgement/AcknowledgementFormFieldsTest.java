package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.account.TestBrowser.csrfField;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.delivery.TestSchools;

/**
 * The confirm form's fields come from the shared form fragments: each names its hint, error and character count in
 * aria-describedby, and every id it names is on the page.
 */
class AcknowledgementFormFieldsTest extends AcknowledgementTestBase {

    private static final Pattern DESCRIBED = Pattern.compile("aria-describedby=\"([^\"]+)\"");

    @Test
    void eachFieldIsDescribedByItsHintErrorAndCount() {
        TestSchools schools = TestSchools.importInto(context, "878", 8_780_001, 1);
        SentAlerts.Sent sent = alerts.send(schools, "Fields described", null);
        String path = "/ack/" + sent.token(sent.firstUrn());
        String page = browser.get(path).body();
        assertThat(page).contains("aria-describedby=\"name-info\"", "aria-describedby=\"role-info role-hint\"",
                "aria-describedby=\"actions-info actions-hint\"", "data-module=\"govuk-character-count\"");
        assertEveryDescriptionExists(page);

        HttpResponse<String> empty = browser.postForm(path, form(csrfField(page), " ", "", ""));
        assertThat(empty.statusCode()).isEqualTo(200);
        // what the school has done is optional: only name and role are in error
        assertThat(empty.body()).contains("aria-describedby=\"name-info name-error\"",
                "aria-describedby=\"role-info role-hint role-error\"", "govuk-input--error",
                "aria-describedby=\"actions-info actions-hint\"").doesNotContain("actions-error", "govuk-textarea--error");
        assertEveryDescriptionExists(empty.body());
    }

    private static void assertEveryDescriptionExists(String page) {
        Matcher described = DESCRIBED.matcher(page);
        int found = 0;
        while (described.find()) {
            for (String id : described.group(1).split("\\s+")) {
                assertThat(page).as(id).contains("id=\"" + id + "\"");
                found++;
            }
        }
        assertThat(found).isPositive();
    }
}
