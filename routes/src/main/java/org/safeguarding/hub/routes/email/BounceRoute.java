package org.safeguarding.hub.routes.email;

import jakarta.mail.Message;
import java.io.ByteArrayOutputStream;
import org.apache.camel.builder.RouteBuilder;

/**
 * After the email route: an address the relay accepted can still bounce later, as a delivery status notification to
 * the hub's From mailbox. This route reads that mailbox over IMAP (unseen messages; each is marked seen once it is
 * recorded, so a failure leaves it to be read again) and has the ledger record each bounce.
 */
public class BounceRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("{{hub.email.bounces.protocol:imaps}}://{{hub.email.bounces.host}}:{{hub.email.bounces.port:993}}"
                + "?username=RAW({{hub.email.bounces.username}})&password=RAW({{hub.email.bounces.password}})"
                + "&folderName={{hub.email.bounces.folder:INBOX}}&unseen=true&delete=false&mapMailMessage=false"
                + "&delay={{hub.email.bounces.poll-interval:60000}}&connectionTimeout=10000")
                .routeId("email-bounces")
                .process(exchange -> {
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    exchange.getMessage().getBody(Message.class).writeTo(raw);
                    exchange.getMessage().setBody(raw.toByteArray());
                })
                .bean(EmailBounces.class, "record");
    }
}
