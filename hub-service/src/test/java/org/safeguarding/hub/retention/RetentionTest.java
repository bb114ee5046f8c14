package org.safeguarding.hub.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safeguarding.hub.account.TestBrowser.basic;
import static org.safeguarding.hub.account.TestBrowser.csrfField;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.acknowledgement.AcknowledgementTestBase;
import org.safeguarding.hub.acknowledgement.SentAlerts.Sent;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.TestSchools;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * DESIGN's "Retention": 400 days after a message expires, the names, addresses and numbers of the school staff it
 * reached, what they typed when they acknowledged it and client addresses are removed; counts, outcomes and times stay
 * and the audit trail stays append-only except for that redaction. Time is moved, not waited for.
 */
class RetentionTest extends AcknowledgementTestBase {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void fourHundredDaysAfterExpiryPersonalDataGoesAndOutcomesStay() throws Exception {
        TestSchools schools = TestSchools.importInto(context, "831", 8_310_001, 3);
        Sent sent = alerts.send(schools, HubApi.alert("831", "Retention", "kept 400 days", false));
        long urn = 8_310_001;
        String typedName = "Retention Dana " + System.nanoTime();
        String page = "/ack/" + sent.token(urn);
        assertThat(browser.postForm(page, form(csrfField(browser.get(page).body()), typedName, "DSL", "Briefed staff"))
                .statusCode()).isEqualTo(302);
        String address = schools.emailedTo().get(urn).iterator().next();
        JsonNode before = api.status(sent.id());
        assertThat(columnsContaining(typedName)).isNotEmpty();
        assertThat(columnsContaining(address)).contains("delivery.recipient");
        OffsetDateTime expires = OffsetDateTime.parse(before.get("content").get("expires").asText());

        CLOCK.set(expires.toInstant().plus(Duration.ofDays(399)));
        assertThat(run("retention-admin").get("messages").asInt()).as("not yet due").isZero();
        assertThat(columnsContaining(typedName)).isNotEmpty();

        CLOCK.set(expires.toInstant().plus(Duration.ofDays(401)));
        JsonNode removed = run("retention-admin");
        assertThat(removed.get("messages").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(removed.get("acknowledgements").asInt()).isGreaterThanOrEqualTo(1);

        assertThat(columnsContaining(typedName)).as("the name the school typed, anywhere").isEmpty();
        assertThat(columnsContaining(address)).as("the address the alert went to").doesNotContain("delivery.recipient");
        JsonNode after = api.status(sent.id());
        assertThat(after.get("deliveries")).as("counts and outcomes stay").isEqualTo(before.get("deliveries"));
        assertThat(after.get("acknowledged").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("select acknowledged_at from acknowledgement where alert_id = :a and urn = :u")
                .param("a", sent.id()).param("u", urn).query(OffsetDateTime.class).single()).as("when stays").isNotNull();
        assertThat(jdbc.sql("select count(*) from audit_event where client_address is not null and occurred_at < :t")
                .param("t", expires.plusDays(1)).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select detail from audit_event where action = 'RETENTION_RUN' order by id desc limit 1")
                .query(String.class).single()).contains("acknowledgements");
        assertThat(run("retention-admin").get("messages").asInt()).as("each message purged once").isZero();

        // the redaction is the one change the audit trail allows
        assertThatThrownBy(() -> jdbc.sql("update audit_event set detail = 'rewritten' where subject_id = :a")
                .param("a", String.valueOf(sent.id())).update()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where subject_id = :a")
                .param("a", String.valueOf(sent.id())).update()).hasMessageContaining("append-only");
    }

    @Test
    void onlyAnAdminRunsItByHand() throws Exception {
        TestAccounts.ensure(context.getBean(AccountRepository.class), context.getBean(PasswordEncoder.class),
                "retention-ops", Role.OPS);
        CLOCK.set(Instant.now());
        assertThat(post("retention-ops").statusCode()).isEqualTo(403);
        assertThat(post("retention-admin").statusCode()).isEqualTo(200);
    }

    private JsonNode run(String admin) throws Exception {
        HttpResponse<String> response = post(admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> post(String user) {
        TestAccounts.ensure(context.getBean(AccountRepository.class), context.getBean(PasswordEncoder.class),
                "retention-admin", Role.ADMIN);
        return browser.send(HttpRequest.newBuilder(browser.uri("/api/v1/ops/retention/run"))
                .header("Accept", "application/json").header("Authorization", basic(user, TestAccounts.password(user)))
                .POST(BodyPublishers.noBody()).build());
    }
}
