package org.safeguarding.hub.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Collections;
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
     * Newest first, each email once: GreenMail files a copy in every recipient's mailbox, so an email to a school's
     * DSL and deputy would otherwise show twice.
     */
    public List<MimeMessage> received() throws MessagingException {
        Map<String, MimeMessage> unique = new LinkedHashMap<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            unique.putIfAbsent(message.getMessageID() == null ? "#" + unique.size() : message.getMessageID(), message);
        }
        List<MimeMessage> all = new ArrayList<>(unique.values());
        Collections.reverse(all);
        return all;
    }

    @Override
    public void destroy() {
        greenMail.stop();
    }
}
