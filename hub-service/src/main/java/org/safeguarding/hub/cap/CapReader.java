package org.safeguarding.hub.cap;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.safeguarding.hub.alert.AlertContent;
import org.safeguarding.hub.alert.Category;
import org.safeguarding.hub.alert.Channel;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.directory.Targeting;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a CAP 1.2 alert sent to {@code POST /api/v1/alerts} as the content of a new hub alert. It checks what the
 * OASIS schema requires and what the hub needs, refusing with the first problem found; lengths are left to the
 * caller's bean validation of {@link AlertContent}, and dates in the past to the alert rules. docs/cap-mapping.md
 * is the mapping.
 */
@Component
public class CapReader {

    static final int MAX_INFO_BLOCKS = 10;
    private static final List<String> ALERT_REQUIRED = List.of("identifier", "sender", "sent", "status", "msgType",
            "scope");
    private static final List<String> INFO_REQUIRED = List.of("category", "event", "urgency", "severity", "certainty");
    static final String NO_SCHOOLS = "The CAP area names no English local authority or school:"
            + " use geocode valueName GIAS-LA or GIAS-URN";

    private final HubProperties.Alerts settings;
    private final Clock clock;

    public CapReader(HubProperties properties, Clock clock) {
        this.settings = properties.alerts();
        this.clock = clock;
    }

    public AlertContent read(byte[] xml) {
        Element alert = CapParser.parseAlert(xml);
        List<Element> infos = checkStructure(alert);
        boolean exercise = exercise(text(alert, "status"));
        String msgType = text(alert, "msgType");
        if (!"Alert".equals(msgType)) {
            throw new InvalidCapException("CAP msgType " + Cap.shown(msgType) + " is not accepted: a CAP document"
                    + " raises a new alert (msgType Alert); to change or withdraw one, use"
                    + " POST /api/v1/alerts/{id}/update or /cancel");
        }
        Element info = chooseInfo(infos);
        Targeting target = targeting(info);
        Severity severity = severity(text(info, "severity"));
        String headline = text(info, "headline");
        String title = headline != null ? headline : text(info, "event");
        String summary = require(info, "description", "the hub shows it as what happened");
        String advice = require(info, "instruction", "schools need advice on what to do");
        String expires = require(info, "expires", "the hub needs to know when the alert stops applying");
        Map<String, String> parameters = parameters(info);
        return new AlertContent(title, summary, advice, parameters.get(Cap.PARENT_LETTER), severity,
                category(parameters.get(Cap.HUB_CATEGORY)), target, channels(parameters.get(Cap.CHANNELS)),
                ackDeadline(parameters.get(Cap.ACK_DEADLINE), severity), Cap.parse(expires, "<expires>"), exercise);
    }

    /** What the OASIS schema requires (and the hub's one to ten info blocks), in the schema's order. */
    private static List<Element> checkStructure(Element alert) {
        for (String name : ALERT_REQUIRED) {
            if (text(alert, name) == null) {
                throw new InvalidCapException("CAP alert has no <" + name + ">");
            }
        }
        Cap.parse(text(alert, "sent"), "<sent>");
        List<Element> infos = children(alert, "info");
        if (infos.isEmpty()) {
            throw new InvalidCapException("CAP alert has no <info>: the hub needs one with the alert's text");
        }
        if (infos.size() > MAX_INFO_BLOCKS) {
            throw new InvalidCapException("CAP alert has " + infos.size() + " <info> blocks: the hub takes at most "
                    + MAX_INFO_BLOCKS);
        }
        for (int i = 0; i < infos.size(); i++) {
            for (String name : INFO_REQUIRED) {
                if (text(infos.get(i), name) == null) {
                    throw new InvalidCapException("CAP <info>" + (infos.size() > 1 ? " number " + (i + 1) : "")
                            + " has no <" + name + ">");
                }
            }
        }
        return infos;
    }

    private static boolean exercise(String status) {
        return switch (status) {
            case "Actual" -> false;
            case "Exercise" -> true;
            default -> throw new InvalidCapException("CAP status " + Cap.shown(status) + " is not accepted: the hub"
                    + " takes Actual alerts; use Exercise for a practice alert");
        };
    }

    /** The first info in English (en, en-GB, or CAP's default when no language is given), else the first. */
    private static Element chooseInfo(List<Element> infos) {
        for (Element info : infos) {
            String language = text(info, "language");
            if (language == null || language.equalsIgnoreCase("en") || language.equalsIgnoreCase("en-GB")) {
                return info;
            }
        }
        return infos.get(0);
    }

    private static Targeting targeting(Element info) {
        List<String> localAuthorities = new ArrayList<>();
        List<String> districts = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        List<Long> urns = new ArrayList<>();
        for (Element area : children(info, "area")) {
            for (Element geocode : children(area, "geocode")) {
                String name = text(geocode, "valueName");
                String value = text(geocode, "value");
                if (name == null || value == null) {
                    continue;
                }
                switch (name.toUpperCase(Locale.ROOT)) {
                    case Cap.GIAS_LA -> localAuthorities.add(value);
                    case Cap.GIAS_DISTRICT -> districts.add(value);
                    case Cap.GIAS_PHASE -> phases.add(value);
                    case Cap.GIAS_URN -> urns.add(urn(value));
                    default -> {
                        // Other geocodes (SAME, FIPS, CAP-CP...) describe places the hub has no schools for.
                    }
                }
            }
        }
        Targeting target = new Targeting(localAuthorities, districts, phases, List.of(), urns);
        if (target.isEmpty()) {
            throw new InvalidCapException(NO_SCHOOLS);
        }
        return target;
    }

    private static long urn(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidCapException("CAP geocode GIAS-URN " + Cap.quote(value)
                    + " is not a school URN (a number)");
        }
    }

    private static Severity severity(String severity) {
        for (Severity candidate : Severity.values()) {
            if (candidate.cap().equals(severity)) {
                return candidate;
            }
        }
        throw new InvalidCapException("CAP severity " + Cap.shown(severity) + " is not accepted: schools are told how"
                + " serious an alert is, so use Extreme, Severe, Moderate or Minor");
    }

    private static String require(Element info, String name, String why) {
        String value = text(info, name);
        if (value == null) {
            throw new InvalidCapException("CAP <info> has no <" + name + ">: " + why);
        }
        return value;
    }

    /** info/parameter values by valueName; the first of a name counts. */
    private static Map<String, String> parameters(Element info) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Element parameter : children(info, "parameter")) {
            String name = text(parameter, "valueName");
            String value = text(parameter, "value");
            if (name != null && value != null) {
                parameters.putIfAbsent(name, value);
            }
        }
        return parameters;
    }

    private static Category category(String hubCategory) {
        if (hubCategory == null) {
            return Category.OTHER;
        }
        try {
            return Category.valueOf(hubCategory);
        } catch (IllegalArgumentException e) {
            throw new InvalidCapException("CAP parameter hubCategory " + Cap.quote(hubCategory) + " is not one of "
                    + Arrays.toString(Category.values()));
        }
    }

    private static Set<Channel> channels(String channels) {
        if (channels == null) {
            return Set.of(Channel.EMAIL);
        }
        Set<Channel> result = EnumSet.noneOf(Channel.class);
        for (String channel : channels.split(",")) {
            try {
                result.add(Channel.valueOf(channel.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidCapException("CAP parameter channels " + Cap.quote(channels)
                        + " must list some of EMAIL, SMS, MIS, separated by commas");
            }
        }
        return result;
    }

    private OffsetDateTime ackDeadline(String ackDeadline, Severity severity) {
        if (ackDeadline != null) {
            return Cap.parse(ackDeadline, "parameter ackDeadline");
        }
        Duration within = switch (severity) {
            case EXTREME -> settings.ackWithinExtreme();
            case SEVERE -> settings.ackWithinSevere();
            case MODERATE -> settings.ackWithinModerate();
            case MINOR -> settings.ackWithinMinor();
        };
        return OffsetDateTime.now(clock).plus(within).truncatedTo(ChronoUnit.SECONDS);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && Cap.NAMESPACE.equals(element.getNamespaceURI())
                    && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    /** The first such child's text, taken as plain text (markup in it stays characters), or null when blank. */
    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        if (found.isEmpty()) {
            return null;
        }
        String text = found.get(0).getTextContent().strip();
        return text.isEmpty() ? null : text;
    }
}
