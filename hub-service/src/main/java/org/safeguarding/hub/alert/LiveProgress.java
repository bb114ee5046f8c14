package org.safeguarding.hub.alert;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.safeguarding.hub.chase.ChaseLadder;
import org.safeguarding.hub.chase.ChaseStep;
import org.safeguarding.hub.system.HubProperties;
import org.safeguarding.hub.system.Wording;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An alert's progress as its page and the ops dashboard show it, and as their script reads it again every few seconds
 * while the alert goes out: the same words and numbers either way, so the page without JavaScript says what the
 * page with it says.
 */
@Component
public class LiveProgress {

    /** Acknowledgements listed on the alert page; the rest are in the export. */
    public static final int CONFIRMATIONS_LISTED = 50;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.UK);

    private final AlertProgress progress;
    private final ChaseLadder ladder;
    private final Clock clock;
    private final ZoneId zone;

    LiveProgress(AlertProgress progress, ChaseLadder ladder, Clock clock, HubProperties hub) {
        this.progress = progress;
        this.ladder = ladder;
        this.clock = clock;
        this.zone = hub.timeZone();
    }

    /**
     * One channel: its ledger counts, how many of its deliveries are finished (whatever came of them) and that as a
     * percentage, for the bar, and in words, for those who cannot see the bar.
     */
    public record ChannelLine(String label, int queued, int sent, int delivered, int failed, int unreachable, int total,
            int finished, int percent, String summary) {

        static ChannelLine of(Channel channel, AlertProgress.Counts c) {
            int finished = c.sent() + c.delivered() + c.failed() + c.unreachable();
            int total = finished + c.queued();
            int percent = total == 0 ? 0 : finished * 100 / total;
            return new ChannelLine(channel.label(), c.queued(), c.sent(), c.delivered(), c.failed(), c.unreachable(),
                    total, finished, percent, total == 0 ? "Nothing planned yet"
                            : finished + " of " + total + " finished (" + percent + "%)");
        }
    }

    /**
     * @param live         the alert is going out (approved or sending): pages read this again until it is not
     * @param channels     by channel name ({@code EMAIL}, ...), in the alert's order
     * @param confirmations the latest {@link #CONFIRMATIONS_LISTED}, as rows of cells (text, or text and link)
     * @param announcement what a screen reader is told when it changes: the alert's status, not every count
     */
    public record View(long id, String reference, String status, String statusText, boolean live, int schools,
            int acknowledged, String confirmed, String confirmedCount, String confirmedVia, Map<String, ChannelLine> channels,
            List<String> chaseSteps, String nextReminder, List<List<Cell>> confirmations, String announcement) {
    }

    /** A table cell: text, with a link when {@code href} is not null. */
    public record Cell(String text, String href) {
        static Cell text(String text) {
            return new Cell(text, null);
        }
    }

    @Transactional(readOnly = true)
    public View of(Alert alert) {
        long id = alert.id();
        boolean live = alert.status() == AlertStatus.APPROVED || alert.status() == AlertStatus.SENDING;
        int schools = progress.plannedSchools(id);
        int acknowledged = progress.acknowledged(id);
        Map<String, Integer> via = progress.acknowledgedVia(id);
        Map<String, ChannelLine> channels = new LinkedHashMap<>();
        progress.counts(alert).forEach((channel, counts) -> channels.put(channel.name(), ChannelLine.of(channel, counts)));
        List<AlertProgress.ChaseStepTaken> taken = progress.chaseSteps(id);
        String statusText = capitalised(alert.status().describe());
        return new View(id, alert.reference(), alert.status().name(), statusText, live, schools, acknowledged,
                confirmed(alert, schools, acknowledged),
                AlertChain.CANCEL.equals(alert.msgType()) ? "not asked" : acknowledged + " of " + schools,
                acknowledged == 0 ? "" : "(" + via.getOrDefault("LINK", 0) + " by link, " + via.getOrDefault("MIS", 0)
                        + " by MIS)",
                channels,
                taken.stream().map(t -> t.step().label() + ": " + when(t.takenAt()) + ", "
                        + Wording.count(t.schools(), "school", "schools")).toList(),
                nextReminder(alert, taken, schools - acknowledged),
                progress.confirmations(id, CONFIRMATIONS_LISTED).stream().map(this::row).toList(),
                announcement(alert, statusText));
    }

    private static String confirmed(Alert alert, int schools, int acknowledged) {
        if (AlertChain.CANCEL.equals(alert.msgType())) {
            return "Schools are not asked to confirm a cancellation.";
        }
        if (schools == 0) {
            return alert.status() == AlertStatus.APPROVED ? "The hub is working out which schools it goes to."
                    : "No school has been sent it.";
        }
        return Wording.partOf(acknowledged, schools, "school", "schools", "confirmed they received it") + ".";
    }

    private String nextReminder(Alert alert, List<AlertProgress.ChaseStepTaken> taken, int silent) {
        if (AlertChain.CANCEL.equals(alert.msgType())) {
            return "None: a cancellation is not chased.";
        }
        List<ChaseStep> steps = ladder.steps(alert.content().severity());
        if (steps.isEmpty()) {
            return "None: " + alert.content().severity().label().toLowerCase(Locale.UK) + " alerts are not chased.";
        }
        if (!alert.status().wentOut()) {
            return "Reminders start once the alert has gone out.";
        }
        if (!progress.stillChased(alert.id())) {
            return "None: the alert is no longer chased (it was cancelled or replaced by an update).";
        }
        if (silent <= 0) {
            return "None: every school has confirmed.";
        }
        if (taken.size() >= steps.size()) {
            return "None: every step of the chase has been taken.";
        }
        ChaseStep next = steps.get(taken.size());
        Instant previous = taken.isEmpty() ? null : taken.get(taken.size() - 1).takenAt().toInstant();
        Instant due = ladder.due(alert.content().severity(), alert.content().ackDeadline().toInstant(), next, previous);
        String at = when(due.atOffset(ZoneOffset.UTC));
        return next.label() + (due.isAfter(clock.instant()) ? ", due " + at : ", due now (since " + at + ")")
                + ", for the schools that have not confirmed by then.";
    }

    private List<Cell> row(AlertProgress.Confirmation c) {
        return List.of(new Cell(c.school(), "/directory/schools/" + c.urn()), Cell.text(Long.toString(c.urn())),
                Cell.text(c.acknowledgedBy() + (c.role() == null || c.role().isBlank() ? "" : ", " + c.role())),
                Cell.text(when(c.acknowledgedAt())), Cell.text(c.actions() == null ? "" : c.actions()),
                Cell.text("MIS".equals(c.via()) ? "The school's MIS" : "Link in the alert"));
    }

    private static String announcement(Alert alert, String statusText) {
        return switch (alert.status()) {
            case APPROVED -> "Approved: the alert is about to go out.";
            case SENDING -> "Sending: the alert is going out to the schools.";
            case SENT -> "Sent: every delivery of the alert is finished.";
            default -> statusText + ".";
        };
    }

    private String when(OffsetDateTime at) {
        return at == null ? "" : WHEN.format(at.atZoneSameInstant(zone));
    }

    private static String capitalised(String words) {
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
