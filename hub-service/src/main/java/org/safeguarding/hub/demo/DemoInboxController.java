package org.safeguarding.hub.demo;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** What the demo SMTP sink received: the schools' emails, as they would read them. */
@Controller
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
class DemoInboxController {

    static final int LISTED = 200;

    private final DemoMailSink sink;

    DemoInboxController(DemoMailSink sink) {
        this.sink = sink;
    }

    record Email(int index, String to, String subject, String sent, String html, String text) {
    }

    @GetMapping("/demo/inbox")
    String inbox(Model model) throws MessagingException, IOException {
        List<MimeMessage> received = sink.received();
        List<Email> emails = new ArrayList<>();
        for (int i = 0; i < Math.min(LISTED, received.size()); i++) {
            emails.add(summary(i, received.get(i)));
        }
        model.addAttribute("total", received.size());
        model.addAttribute("emails", emails);
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

    private static Email summary(int index, MimeMessage message) throws MessagingException {
        Address[] to = message.getAllRecipients();
        return new Email(index, to == null ? "" : Arrays.stream(to).map(Address::toString).collect(Collectors.joining(", ")),
                message.getSubject(), message.getSentDate() == null ? "" : message.getSentDate().toString(), null, null);
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
