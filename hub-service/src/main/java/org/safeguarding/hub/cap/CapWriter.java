package org.safeguarding.hub.cap;

import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertContent;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.directory.Targeting;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.stereotype.Component;

/**
 * Writes a hub alert as CAP 1.2 for partner systems ({@code GET /api/v1/alerts/{id}/cap}), valid against the OASIS
 * schema. Every value goes through the StAX writer, which escapes it, so an alert's text can never become markup.
 * docs/cap-mapping.md is the mapping.
 */
@Component
public class CapWriter {

    /** CAP's references: sender,identifier,sent with no whitespace, as CAP separates references by spaces. */
    private static final Pattern REFERENCE = Pattern.compile("[^\\s,]+,[^\\s,]+,[^\\s,]+");
    /** Characters XML 1.0 cannot carry at all, not even escaped. */
    private static final Pattern NOT_XML =
            Pattern.compile("[^\\t\\n\\r\\x{20}-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");

    private final HubProperties properties;

    public CapWriter(HubProperties properties) {
        this.properties = properties;
    }

    /**
     * The alert as CAP. {@code localAuthorityCodes} are the GIAS codes of the local authorities it reaches;
     * {@code restriction} says who may see it, e.g. "Designated safeguarding leads of 214 schools in Essex".
     */
    public String write(Alert alert, List<String> localAuthorityCodes, String restriction) {
        return write(alert, localAuthorityCodes, restriction, List.of());
    }

    /**
     * The same, for an update or cancel: {@code references} are the earlier messages, each
     * "sender,identifier,sent" as CAP writes them.
     */
    public String write(Alert alert, List<String> localAuthorityCodes, String restriction, List<String> references) {
        for (String reference : references) {
            if (!REFERENCE.matcher(reference).matches()) {
                throw new IllegalArgumentException("A CAP reference is sender,identifier,sent: " + reference);
            }
        }
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
            new Output(xml).alert(alert, localAuthorityCodes, restriction(restriction), references);
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Could not write CAP for alert " + alert.reference(), e);
        }
        return out.toString();
    }

    /** An earlier message as an update or cancel references it in CAP: sender,identifier,sent. */
    public String reference(Alert earlier) {
        return properties.alerts().capSender() + "," + earlier.identifier() + "," + Cap.format(sent(earlier));
    }

    private static String restriction(String restriction) {
        return restriction == null || restriction.isBlank()
                ? "Designated safeguarding leads of the schools the alert is for" : restriction;
    }

    /** One CAP document being written, indented two spaces per level so people can read it too. */
    private final class Output {

        private final XMLStreamWriter xml;
        private int depth;

        Output(XMLStreamWriter xml) {
            this.xml = xml;
        }

        void alert(Alert alert, List<String> laCodes, String restriction, List<String> references)
                throws XMLStreamException {
            AlertContent content = alert.content();
            xml.writeStartDocument("UTF-8", "1.0");
            start("alert");
            xml.writeDefaultNamespace(Cap.NAMESPACE);
            element("identifier", alert.identifier());
            element("sender", properties.alerts().capSender());
            element("sent", Cap.format(sent(alert)));
            element("status", content.exercise() ? "Exercise" : "Actual");
            element("msgType", alert.msgType() == null ? "Alert" : alert.msgType());
            element("scope", "Restricted");
            element("restriction", restriction);
            if (!references.isEmpty()) {
                element("references", String.join(" ", references));
            }
            info(alert, content, laCodes, restriction);
            end();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
        }

        private void info(Alert alert, AlertContent content, List<String> laCodes, String restriction)
                throws XMLStreamException {
            start("info");
            element("language", "en-GB");
            element("category", content.category().capCategory());
            element("event", content.category().label());
            if (alert.responseType() != null) {
                element("responseType", alert.responseType()); // AllClear: the alert is resolved
            }
            element("urgency", urgent(content.severity()) ? "Immediate" : "Expected");
            element("severity", content.severity().cap());
            element("certainty", "Likely");
            if (content.expires() != null) {
                element("expires", Cap.format(content.expires()));
            }
            String organisation = alert.raisedByOrganisation();
            element("senderName", organisation == null || organisation.isBlank()
                    ? properties.partnershipName() : organisation);
            element("headline", content.title());
            element("description", content.summary());
            element("instruction", content.adviceForSchools());
            parameter(Cap.HUB_CATEGORY, content.category().name());
            parameter(Cap.HUB_REFERENCE, alert.reference());
            if (content.ackDeadline() != null && !alert.resolves()) { // an all-clear asks no acknowledgement
                parameter(Cap.ACK_DEADLINE, Cap.format(content.ackDeadline()));
            }
            area(content.target() == null ? Targeting.none() : content.target(), laCodes, restriction);
            end();
        }

        /** Where the schools are: by LA, plus what narrows it (district, phase) and schools named by URN. */
        private void area(Targeting target, List<String> laCodes, String restriction) throws XMLStreamException {
            start("area");
            element("areaDesc", restriction);
            for (String code : laCodes) {
                geocode(Cap.GIAS_LA, code);
            }
            for (String district : target.districts()) {
                geocode(Cap.GIAS_DISTRICT, district);
            }
            for (String phase : target.phases()) {
                geocode(Cap.GIAS_PHASE, phase);
            }
            for (Long urn : target.urns()) {
                geocode(Cap.GIAS_URN, urn.toString());
            }
            end();
        }

        private void parameter(String name, String value) throws XMLStreamException {
            pair("parameter", name, value);
        }

        private void geocode(String name, String value) throws XMLStreamException {
            pair("geocode", name, value);
        }

        private void pair(String element, String name, String value) throws XMLStreamException {
            start(element);
            element("valueName", name);
            element("value", value);
            end();
        }

        private void element(String name, String text) throws XMLStreamException {
            start(name);
            xml.writeCharacters(plain(text));
            xml.writeEndElement();
            depth--;
        }

        private void start(String name) throws XMLStreamException {
            xml.writeCharacters("\n" + "  ".repeat(depth));
            xml.writeStartElement(name);
            depth++;
        }

        private void end() throws XMLStreamException {
            depth--;
            xml.writeCharacters("\n" + "  ".repeat(depth));
            xml.writeEndElement();
        }
    }

    /** The time the alert was last decided on, else submitted, else created. */
    private static OffsetDateTime sent(Alert alert) {
        if (alert.decidedAt() != null) {
            return alert.decidedAt();
        }
        return alert.submittedAt() != null ? alert.submittedAt() : alert.createdAt();
    }

    private static boolean urgent(Severity severity) {
        return severity == Severity.EXTREME || severity == Severity.SEVERE;
    }

    /** Text as XML can carry it: line ends as \n (a reader would turn \r\n into \n anyway), no control characters. */
    private static String plain(String text) {
        String value = text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n');
        return NOT_XML.matcher(value).replaceAll("\uFFFD");
    }
}
