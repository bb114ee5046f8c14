package org.safeguarding.hub.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The embedded default's SMTP server (GreenMail on 127.0.0.1), so someone trying the hub can raise, approve and
 * read the school's email in one sitting at /demo/inbox. Holds messages in memory only. Never in prod.
 */
@Component
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
public class DemoMailSink implements DisposableBean {

    private final GreenMail greenMail;

    DemoMailSink(HubProperties hub) {
        greenMail = new GreenMail(new ServerSetup(hub.demo().smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    /**
     * Newest first by the time each was sent (GreenMail lists them mailbox by mailbox, not in the order they came),
     * each email once: GreenMail files a copy in every recipient's mailbox, so an email to a school's DSL and deputy
     * would otherwise show twice.
     */
    public List<MimeMessage> received() throws MessagingException {
        Map<String, MimeMessage> unique = new LinkedHashMap<>();
        Map<MimeMessage, Long> sent = new HashMap<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            if (unique.putIfAbsent(message.getMessageID() == null ? "#" + unique.size() : message.getMessageID(),
                    message) == null) {
                sent.put(message, message.getSentDate() == null ? Long.MIN_VALUE : message.getSentDate().getTime());
            }
        }
        List<MimeMessage> all = new ArrayList<>(unique.values());
        // later arrivals first among emails sent in the same second (a Date header has no finer time)
        Collections.reverse(all);
        all.sort(Comparator.comparing(sent::get, Comparator.reverseOrder()));
        return all;
    }

    @Override
    public void destroy() {
        greenMail.stop();
    }
}
