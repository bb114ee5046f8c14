package org.safeguarding.hub.demo;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.Locale;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.safeguarding.hub.system.HubProperties;
import org.safeguarding.hub.system.Paging;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** What the demo SMTP sink received: the schools' emails, as they would read them. */
@Controller
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
class DemoInboxController {

    static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mma", Locale.UK);

    private final DemoMailSink sink;
    private final ZoneId zone;

    DemoInboxController(DemoMailSink sink, HubProperties hub) {
        this.sink = sink;
        this.zone = hub.timeZone();
    }

    record Email(int index, String to, String subject, String sent, String html, String text) {
    }

    @GetMapping("/demo/inbox")
    String inbox(@RequestParam(defaultValue = "1") String page, Model model) throws MessagingException {
        List<MimeMessage> received = sink.received();
        Paging paging = Paging.of(pageNumber(page), received.size(), PAGE_SIZE);
        List<Email> emails = new ArrayList<>();
        for (int i = (int) paging.offset(); i < paging.last(); i++) {
            emails.add(summary(i, received.get(i)));
        }
        model.addAttribute("total", received.size());
        model.addAttribute("emails", emails);
        model.addAttribute("paging", paging);
        return "demo/inbox";
    }

    @GetMapping("/demo/inbox/{index}")
    String email(@PathVariable int index, Model model) throws MessagingException, IOException {
        List<MimeMessage> received = sink.received();
        if (index < 0 || index >= received.size()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        MimeMessage message = received.get(index);
        Email email = summary(index, message);
        String[] parts = {null, null};
        collect(message.getContent(), parts);
        model.addAttribute("email", new Email(index, email.to(), email.subject(), email.sent(), parts[0], parts[1]));
        return "demo/email";
    }

    private Email summary(int index, MimeMessage message) throws MessagingException {
        Address[] to = message.getAllRecipients();
        return new Email(index, to == null ? "" : Arrays.stream(to).map(Address::toString).collect(Collectors.joining(", ")),
                message.getSubject(), message.getSentDate() == null ? "" : when(message.getSentDate()), null, null);
    }

    /** As GOV.UK writes a time: "29 November 2026, 2:05am", in the hub's zone. */
    String when(Date sent) {
        ZonedDateTime at = sent.toInstant().atZone(zone);
        return DAY.format(at) + ", " + TIME.format(at).toLowerCase(Locale.UK);
    }

    private static int pageNumber(String page) {
        try {
            return Integer.parseInt(page.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void collect(Object content, String[] htmlAndText) throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/html")) {
                    htmlAndText[0] = (String) part.getContent();
                } else if (part.isMimeType("text/plain")) {
                    htmlAndText[1] = (String) part.getContent();
                } else {
                    collect(part.getContent(), htmlAndText);
                }
            }
        } else if (content instanceof String text) {
            htmlAndText[1] = text;
        }
    }
}
