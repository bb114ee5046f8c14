package org.safeguarding.hub.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The hub's own settings, everything under {@code hub.*}; each key is documented in the README. */
@Validated
@ConfigurationProperties("hub")
public record HubProperties(
        /** Base of every link the hub puts in a message (acknowledgement links). */
        @NotBlank String publicBaseUrl,
        /** Shown in the page header and in messages. */
        @DefaultValue("Safeguarding Alert Hub") String serviceName,
        @DefaultValue("Demo Safeguarding Children Partnership") String partnershipName,
        /**
         * Whom a school, or anyone, contacts about a link or page that does not work, e.g. "safeguarding@essex.example
         * or 01234 567890"; shown on the invalid-link and error pages. Unset: they are told to contact the partnership.
         */
        String partnershipContact,
        /** Where the people using the hub are: times typed into forms and shown on pages are in this zone. */
        @NotNull @DefaultValue("Europe/London") java.time.ZoneId timeZone,
        @Valid @NotNull @DefaultValue Alerts alerts,
        @Valid @NotNull @DefaultValue Email email,
        @Valid @NotNull @DefaultValue Mis mis,
        @Valid @NotNull @DefaultValue Acknowledgement acknowledgement,
        @Valid @NotNull @DefaultValue Chase chase,
        @Valid @NotNull @DefaultValue Broker broker,
        @Valid @NotNull @DefaultValue Directory directory,
        @Valid @NotNull @DefaultValue Demo demo,
        @Valid @NotNull @DefaultValue BootstrapAdmin bootstrapAdmin,
        /**
         * Reverse proxies (addresses or CIDR ranges) whose {@code Forwarded} / {@code X-Forwarded-For} the hub
         * believes; none by default, so the client address is the TCP peer's.
         */
        @NotNull @DefaultValue List<String> trustedProxies,
        @Valid @NotNull @DefaultValue SignIn signIn) {

    /** The right-hand side of the Message-IDs of the hub's emails: the public host, so they are recognisably ours. */
    public String messageIdDomain() {
        String host = java.net.URI.create(publicBaseUrl).getHost();
        return host == null ? "safeguarding-alert-hub" : host;
    }

    public record Alerts(
            /** Start of every alert reference, e.g. ESX gives ESX-2026-0042; one per partnership. */
            @NotBlank @Pattern(regexp = "[A-Z]{2,8}") @DefaultValue("HUB") String referencePrefix,
            /** CAP {@code sender}: globally unique, e.g. based on the partnership's domain. */
            @NotBlank @DefaultValue("safeguarding-alert-hub@localhost") String capSender,
            /** Acknowledgement deadline offered on the form, and used for CAP input, per severity. */
            @NotNull @DefaultValue("2h") Duration ackWithinExtreme,
            @NotNull @DefaultValue("8h") Duration ackWithinSevere,
            @NotNull @DefaultValue("24h") Duration ackWithinModerate,
            @NotNull @DefaultValue("72h") Duration ackWithinMinor,
            /** Expiry offered on the form when the raiser gives none. */
            @NotNull @DefaultValue("14d") Duration defaultLifetime,
            /** Largest alert request body the API reads; bigger ones get 413. */
            @DefaultValue("262144") int maxRequestBytes) {
    }

    public record Email(
            /** The From of every alert email, e.g. "Essex Safeguarding Alerts &lt;alerts@essex.example&gt;". */
            @NotBlank @DefaultValue("Safeguarding Alert Hub <alerts@localhost>") String from,
            /**
             * Emails sent in parallel (consumers of hub.deliveries.email, each with its own SMTP connection). Against a
             * relay across a network the round trips, not CPU, set the pace: raise it as far as the relay allows.
             */
            @Min(1) @DefaultValue("16") int concurrentConsumers) {
    }

    /** The school MIS channel: signed webhooks to each school's endpoint (README, "School MIS"). */
    public record Mis(
            /** Webhooks sent in parallel per consumer batch are all in flight at once; this many batches at a time. */
            @Min(1) @DefaultValue("8") int concurrentConsumers,
            /** Connect and answer time allowed to a school's endpoint; longer is retried like a 5xx. */
            @NotNull @DefaultValue("15s") Duration timeout,
            /** Hosts an endpoint may use plain http with; every other endpoint must be https. */
            @NotNull @DefaultValue List<String> httpAllowedHosts,
            /**
             * Whether an endpoint may be (or resolve to) a loopback, private, link-local or other internal address.
             * Off: the hub is no way into its own network.
             */
            @DefaultValue("false") boolean allowPrivateAddresses) {
    }

    public record Acknowledgement(
            /** A school's link works until the alert expires, and never longer than this after it was sent. */
            @NotNull @DefaultValue("30d") Duration linkLifetime,
            /** Requests to one link (/ack/{token}/**) per minute, from anywhere; more get 429. */
            @Min(1) @DefaultValue("30") int maxRequestsPerLinkPerMinute,
            /** Requests to /ack/** from one client address per minute: a ceiling schools sharing an address never reach. */
            @Min(1) @DefaultValue("3000") int maxRequestsPerAddressPerMinute,
            /** Requests to /ack/** answered "this link does not work" per client address per minute, then 429 for all. */
            @Min(1) @DefaultValue("30") int maxInvalidLinksPerAddressPerMinute) {
    }

    /**
     * Chasing the schools that have not acknowledged, per severity (defaults justified in the README), and the quiet
     * hours in {@link #timeZone()} during which no reminder goes out except for an EXTREME alert.
     */
    public record Chase(
            /** How often the chase route looks for steps that are due, in milliseconds. */
            @Min(100) @DefaultValue("60000") long pollInterval,
            @Valid Ladder extreme,
            @Valid Ladder severe,
            @Valid Ladder moderate,
            @Valid Ladder minor,
            @Valid @NotNull @DefaultValue QuietHours quietHours) {

        /** A ladder's steps left unset take their severity's default, one by one. */
        public Chase {
            extreme = Ladder.orDefaults(extreme, new Ladder(Duration.ZERO, Duration.ofMinutes(30), Duration.ofHours(1), 3));
            severe = Ladder.orDefaults(severe, new Ladder(Duration.ZERO, Duration.ofHours(2), Duration.ofHours(4), 3));
            moderate = Ladder.orDefaults(moderate, new Ladder(Duration.ZERO, Duration.ofDays(1), Duration.ofDays(2), 3));
            minor = Ladder.orDefaults(minor, new Ladder(Duration.ZERO, Duration.ofDays(3), Duration.ofDays(7), 1));
        }

        /**
         * One severity's ladder, each step this long after the alert's acknowledgement deadline: the first reminder
         * (to the DSL), the second (to the deputy DSL and the head), the escalation (one digest per local-authority
         * safeguarding address). Only the first {@code steps} are taken; 0 means the severity is not chased.
         */
        public record Ladder(Duration firstReminder, Duration secondReminder, Duration escalation,
                @Min(0) @Max(3) Integer steps) {

            static Ladder orDefaults(Ladder given, Ladder defaults) {
                if (given == null) {
                    return defaults;
                }
                return new Ladder(given.firstReminder != null ? given.firstReminder : defaults.firstReminder,
                        given.secondReminder != null ? given.secondReminder : defaults.secondReminder,
                        given.escalation != null ? given.escalation : defaults.escalation,
                        given.steps != null ? given.steps : defaults.steps);
            }

            /** The times of the steps taken, in order, after the deadline. */
            public List<Duration> afterDeadline() {
                return Stream.of(firstReminder, secondReminder, escalation).limit(steps).toList();
            }

            @AssertTrue(message = "the steps must not be before the deadline or before the step ahead of them")
            public boolean isInOrder() {
                return !firstReminder.isNegative() && secondReminder.compareTo(firstReminder) >= 0
                        && escalation.compareTo(secondReminder) >= 0;
            }
        }

        /** From {@code start} to {@code end} (across midnight when end is earlier); equal times mean none. */
        public record QuietHours(
                @NotNull @DefaultValue("20:00") LocalTime start,
                @NotNull @DefaultValue("07:00") LocalTime end) {
        }
    }

    public record Broker(
            /** Duplicate-detection ids remembered per address; a national fan-out is ~22,000 schools x channels. */
            @Min(1000) @DefaultValue("200000") int duplicateIdCacheSize,
            /** Deliveries of one message before the broker moves it to its dead-letter queue. */
            @Min(1) @DefaultValue("10") int maxDeliveryAttempts,
            @NotNull @DefaultValue("1s") Duration redeliveryDelay,
            @DefaultValue("2.0") double redeliveryMultiplier,
            @NotNull @DefaultValue("5m") Duration maxRedeliveryDelay,
            /** Address that collects dead letters; each hub queue gets its own DLQ.&lt;queue&gt; on it. */
            @NotBlank @DefaultValue("DLA") String deadLetterAddress,
            /** Address that collects expired messages; each hub queue gets its own EXP.&lt;queue&gt; on it. */
            @NotBlank @DefaultValue("Expired") String expiryAddress) {
    }

    public record Directory(
            /** Rows written to the database per batch during a GIAS or contacts import. */
            @Min(1) @DefaultValue("500") int importBatchSize,
            /**
             * Largest directory file the hub takes, on the page or the API (the national GIAS file is about 60 MB).
             * The multipart limits (spring.servlet.multipart.*) follow it in application.properties.
             */
            @NotNull @DefaultValue("128MB") DataSize maxUploadSize) {

        /** The limit as people read it: "128 MB". */
        public String maxUploadSizeText() {
            long bytes = maxUploadSize.toBytes();
            return bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MB"
                    : bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
        }
    }

    /**
     * The first ADMIN account of a new production hub, created at start-up only while the hub has no ADMIN at all.
     * Change its password on first use and remove these settings. {@code email} is the account's email address.
     */
    public record BootstrapAdmin(String username, String password, String email) {
    }

    /**
     * Sign-in throttling, after NCSC's password guidance: an account that has had {@code failuresPerAddress} failed
     * sign-ins from one client address within {@code addressWindow} is refused from that address until the window
     * has passed; every address together may fail {@code failuresPerAccount} times per {@code accountWindow}, after
     * which only addresses with no failure for the account in their window may still try.
     */
    public record SignIn(
            @Min(1) @DefaultValue("10") int failuresPerAddress,
            @NotNull @DefaultValue("15m") Duration addressWindow,
            @Min(1) @DefaultValue("100") int failuresPerAccount,
            @NotNull @DefaultValue("1h") Duration accountWindow) {
    }

    public record Demo(
            /** Demo accounts, a synthetic directory and demo endpoints. Never in the prod profile. */
            @DefaultValue("false") boolean enabled,
            /** Seed of the synthetic demo directory, so every demo shows the same schools. */
            @DefaultValue("20261121") long directorySeed,
            /** Port of the demo SMTP sink on 127.0.0.1 (spring.mail.port points at it in the embedded default). */
            @DefaultValue("3025") int smtpPort) {
    }
}
