package org.safeguarding.hub.cap;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertContent;
import org.safeguarding.hub.alert.AlertStatus;
import org.safeguarding.hub.alert.Category;
import org.safeguarding.hub.alert.Channel;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.directory.Targeting;
import org.safeguarding.hub.support.TestHubProperties;
import org.safeguarding.hub.system.HubProperties;

/** Settings, alerts and CAP documents the CAP tests share. */
final class CapFixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);
    static final String SENDER = "alerts@essex-scp.example.org.uk";

    private CapFixtures() {
    }

    static HubProperties properties() {
        return TestHubProperties.with("partnership-name", "Essex Safeguarding Children Partnership",
                "alerts.reference-prefix", "ESX", "alerts.cap-sender", SENDER);
    }

    static AlertContent content(String title, boolean exercise) {
        return new AlertContent(title,
                "Children on a random video-chat site are being coerced into exposure.",
                "Remind pupils how to report; tell the DSL about any disclosure.",
                "Dear parents, ...", Severity.SEVERE, Category.ONLINE_SAFETY,
                new Targeting(List.of("881", "882"), List.of("Chelmsford"), List.of("Primary"), List.of(), List.of(115203L)),
                Set.of(Channel.EMAIL, Channel.SMS),
                OffsetDateTime.parse("2026-03-02T17:00:00Z"), OffsetDateTime.parse("2026-03-16T09:00:00Z"),
                exercise);
    }

    static Alert alert(AlertContent content) {
        OffsetDateTime created = OffsetDateTime.parse("2026-03-02T08:30:15.123456Z");
        return new Alert(42, "ESX-2026-0042", "urn:uuid:5f0c2a1e-8d4b-4c1a-9a57-3f1f0c1d2e3f", AlertStatus.APPROVED,
                "Alert", null, content, "officer", "Essex Police", "officer", "chair", null, created, created,
                created.plusMinutes(5), OffsetDateTime.parse("2026-03-02T09:45:30.987+01:00"), 3, null);
    }

    /** A CAP 1.2 alert as a partner would send it, with the hub's geocodes and parameters. */
    static String capAlert() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
                  <identifier>ESSEX-POLICE-2026-0117</identifier>
                  <sender>cyp@essex.police.example.uk</sender>
                  <sent>2026-03-02T08:50:00+00:00</sent>
                  <status>Actual</status>
                  <msgType>Alert</msgType>
                  <scope>Restricted</scope>
                  <restriction>Designated safeguarding leads</restriction>
                  <info>
                    <language>en-GB</language>
                    <category>Safety</category>
                    <event>Online safety</event>
                    <urgency>Immediate</urgency>
                    <severity>Severe</severity>
                    <certainty>Likely</certainty>
                    <expires>2026-03-16T09:00:00+00:00</expires>
                    <senderName>Essex Police</senderName>
                    <headline>Video-chat site coercion</headline>
                    <description>Children are being coerced into exposure.</description>
                    <instruction>Remind pupils how to report.</instruction>
                    <parameter><valueName>hubCategory</valueName><value>ONLINE_SAFETY</value></parameter>
                    <parameter><valueName>channels</valueName><value>EMAIL, sms</value></parameter>
                    <parameter><valueName>ackDeadline</valueName><value>2026-03-02T17:00:00+00:00</value></parameter>
                    <parameter><valueName>parentLetter</valueName><value>Dear parents</value></parameter>
                    <area>
                      <areaDesc>Essex and Southend-on-Sea</areaDesc>
                      <geocode><valueName>GIAS-LA</valueName><value>881</value></geocode>
                      <geocode><valueName>GIAS-LA</valueName><value>882</value></geocode>
                      <geocode><valueName>GIAS-PHASE</valueName><value>Primary</value></geocode>
                      <geocode><valueName>GIAS-DISTRICT</valueName><value>Chelmsford</value></geocode>
                      <geocode><valueName>GIAS-URN</valueName><value>115203</value></geocode>
                    </area>
                  </info>
                </alert>
                """;
    }

    static byte[] utf8(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** Our own output, read back with the JDK parser (namespace aware) to look at single elements. */}
