package org.safeguarding.hub.broker;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQQueue;

/**
 * Asks a running Artemis broker over its management address (core messages, no web console or JMX needed), as the
 * Artemis manual describes: a request to {@code activemq.management}, answered on a temporary queue (here with a
 * timeout, where JMS's QueueRequestor would wait for ever).
 */
final class BrokerManagement {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long REPLY_TIMEOUT_MS = 10_000;

    private final String url;
    private final String user;
    private final String password;

    BrokerManagement(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** @param resource e.g. "broker", "queue.hub.deliveries.email"; @param attribute e.g. "IDCacheSize" */
    Object attribute(String resource, String attribute) throws Exception {
        return ask(request -> JMSManagementHelper.putAttribute(request, resource, attribute));
    }

    Object invoke(String resource, String operation, Object... arguments) throws Exception {
        return ask(request -> JMSManagementHelper.putOperationInvocation(request, resource, operation, arguments));
    }

    private interface Request {
        void fill(Message request) throws Exception;
    }

    private Object ask(Request request) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
                Connection connection = factory.createConnection(user, password);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);
            MessageProducer producer = session.createProducer(new ActiveMQQueue(MANAGEMENT_ADDRESS));
            connection.start();
            Message message = session.createMessage();
            request.fill(message);
            message.setJMSReplyTo(replies);
            producer.send(message);
            Message reply = consumer.receive(REPLY_TIMEOUT_MS);
            if (reply == null) {
                throw new IllegalStateException("no management reply within " + REPLY_TIMEOUT_MS + " ms");
            }
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("management request failed: " + JMSManagementHelper.getResult(reply));
            }
            return JMSManagementHelper.getResult(reply);
        }
    }
}
