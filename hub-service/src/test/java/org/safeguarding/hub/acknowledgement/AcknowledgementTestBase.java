package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.account.TestBrowser.csrfField;

import com.icegreen.greenmail.util.GreenMail;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.support.MovableClock;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * What the acknowledgement tests share, and so one Spring context: the hub on 127.0.0.1 with a clock the test sets,
 * GreenMail as its SMTP server (it lives as long as the cached context), the real flow to send alerts with, and a
 * cookie-keeping browser. The rate limit is out of the way here (AcknowledgementRateLimitTest has its own).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.public-base-url=https://alerts.example.org.uk",
        "hub.outbox.poll-interval=200",
        "hub.acknowledgement.max-requests-per-link-per-minute=100000",
        "hub.acknowledgement.max-requests-per-address-per-minute=100000",
        "hub.acknowledgement.max-invalid-links-per-address-per-minute=100000"})
@ActiveProfiles("test")
public abstract class AcknowledgementTestBase {

    protected static final GreenMail SMTP = SentMail.smtpServer(0);
    protected static final MovableClock CLOCK = new MovableClock(Instant.now());
    static final String LETTER = "Please talk with your child about video chat sites.";

    @TestBean(name = "clock", methodName = "movableClock")
    Clock clock;

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    static Clock movableClock() {
        return CLOCK;
    }

    @Autowired
    protected ApplicationContext context;
    @Autowired
    protected JdbcClient jdbc;

    protected HubApi api;
    protected SentAlerts alerts;
    protected TestBrowser browser;

    @BeforeEach
    void hub() {
        CLOCK.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        api = new HubApi(context);
        alerts = new SentAlerts(api, SMTP);
        browser = new TestBrowser(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    protected static Map<String, String> form(String csrf, String name, String role, String actions) {
        Map<String, String> form = new LinkedHashMap<>();
        if (csrf != null) {
            form.put("_csrf", csrf);
        }
        form.put("name", name);
        form.put("role", role);
        form.put("actions", actions);
        return form;
    }

    /** The school confirms through its link, as a school does: GET the page, POST its form. */
    protected void acknowledge(String token) {
        String path = "/ack/" + token;
        assertThat(browser.postForm(path, form(csrfField(browser.get(path).body()), "Dana Lead",
                "Designated safeguarding lead", "Staff briefed")).statusCode()).isEqualTo(302);
    }

    /** The schools the message has deliveries for, by its /recipients. */
    Set<Long> urns(long alertId) {
        return StreamSupport.stream(api.recipients(alertId).spliterator(), false)
                .map(row -> row.get("urn").asLong()).collect(Collectors.toSet());
    }

    /** An instant as the acknowledgement page shows it, in the hub's time zone. */
    String whenShown(Instant when) {
        return DateTimeFormatter.ofPattern("d MMMM yyyy HH:mm", Locale.UK)
                .format(when.atZone(context.getBean(HubProperties.class).timeZone()));
    }

    int acknowledgements(long alertId) {
        return jdbc.sql("select count(*) from acknowledgement where alert_id = :a").param("a", alertId)
                .query(Integer.class).single();
    }

    Instant acknowledgedAt(long alertId, long urn) {
        return jdbc.sql("select acknowledged_at from acknowledgement where alert_id = :a and urn = :u")
                .param("a", alertId).param("u", urn).query(OffsetDateTime.class).single().toInstant();
    }

    int auditedAcknowledgements(long alertId) {
        return jdbc.sql("""
                select count(*) from audit_event where action = 'ALERT_ACKNOWLEDGED' and subject_type = 'ALERT'
                and subject_id = :a""").param("a", String.valueOf(alertId)).query(Integer.class).single();
    }

    /** Every text column of every table of the hub's schema that holds {@code value} anywhere in it. */
    protected List<String> columnsContaining(String value) {
        List<String> columns = jdbc.sql("""
                select lower(table_name) || '.' || lower(column_name) from information_schema.columns
                where lower(table_schema) = 'public' and (upper(data_type) like '%CHAR%'
                  or upper(data_type) like '%CLOB%' or upper(data_type) like '%TEXT%')""")
                .query(String.class).list();
        assertThat(columns).as("the schema's text columns").contains("acknowledgement_link.token_hash");
        return columns.stream().filter(column -> {
            String[] tc = column.split("\\.");
            return jdbc.sql("select count(*) from \"" + tc[0] + "\" where position(:v in cast(\"" + tc[1]
                    + "\" as varchar)) > 0").param("v", value).query(Integer.class).single() > 0;
        }).toList();
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    protected static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as(start + " in the page").isNotNegative();
        int to = text.indexOf(end, from);
        return text.substring(from, to < 0 ? text.length() : to);
    }
}
