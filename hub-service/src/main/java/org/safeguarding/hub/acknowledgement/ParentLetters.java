package org.safeguarding.hub.acknowledgement;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.safeguarding.hub.delivery.MessageTemplates;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.stereotype.Component;

/**
 * The letter for parents the raiser wrote, personalised with the school's name: as HTML for the acknowledgement
 * page, and as a PDF rendered from the same Thymeleaf template ({@code templates} module, letter/parent-letter.html).
 */
@Component
class ParentLetters {

    static final String TEMPLATE = "letter/parent-letter.html";
    /** A letter that opens "Dear …" keeps its greeting, and one with a line "Yours …" its sign-off, instead of the hub's. */
    static final Pattern OWN_GREETING = Pattern.compile("\\A\\s*Dear\\b", Pattern.CASE_INSENSITIVE);
    static final Pattern OWN_SIGN_OFF = Pattern.compile("^\\s*(Yours|Kind regards|Best wishes|With best wishes|Regards)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private final MessageTemplates templates;
    private final HubProperties hub;
    private final Clock clock;

    ParentLetters(MessageTemplates templates, HubProperties hub, Clock clock) {
        this.templates = templates;
        this.hub = hub;
        this.clock = clock;
    }

    String html(SchoolLink link) {
        return templates.renderFragment(TEMPLATE, "letter", model(link));
    }

    byte[] pdf(SchoolLink link) throws IOException {
        String xhtml = templates.render(TEMPLATE, model(link));
        try (ByteArrayOutputStream pdf = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(xhtml, null);
            builder.toStream(pdf);
            builder.run();
            return pdf.toByteArray();
        }
    }

    private Map<String, Object> model(SchoolLink link) {
        Map<String, Object> model = new HashMap<>();
        model.put("schoolName", link.schoolName());
        String letter = link.alert().content().parentLetter();
        model.put("letter", letter);
        model.put("ownGreeting", OWN_GREETING.matcher(letter).find());
        model.put("ownSignOff", OWN_SIGN_OFF.matcher(letter).find());
        model.put("exercise", link.alert().content().exercise());
        model.put("reference", link.alert().reference());
        model.put("partnershipName", hub.partnershipName());
        model.put("date", DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK).format(LocalDate.ofInstant(clock.instant(), hub.timeZone())));
        return model;
    }
}
