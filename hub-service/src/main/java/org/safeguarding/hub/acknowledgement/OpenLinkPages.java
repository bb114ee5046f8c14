package org.safeguarding.hub.acknowledgement;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.safeguarding.hub.delivery.MessageTemplates;
import org.safeguarding.hub.delivery.MessageTemplates.Slotted;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.View;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * The page of an acknowledgement link that is still open (not yet confirmed, not withdrawn or replaced), as a school's
 * contact sees it signed out: the one page the hub serves by the thousand at once, when 22,000 schools and their mail
 * scanners open their links as an alert goes out. It is the same for every school of an alert but for the school's
 * name and URN, its token and the form's CSRF token, so the first school of the alert (each day: the parent letter is
 * dated) gets the full render, and with it the hub renders the page once more with a marker in each of those places;
 * the schools after it get that render with their own values in the markers' places, which is string joining, not a
 * render. Every other state of the link, and anyone signed in (whose page has the staff header), gets a full render.
 */
@Component
class OpenLinkPages {

    static final String TEMPLATE = "acknowledgement/page";
    /** The model's per-school values; everything else on the page is the alert's. */
    private static final String SCHOOL_NAME = "schoolName";
    private static final String URN = "urn";
    private static final String TOKEN = "token";
    private static final String CSRF = "csrf";
    /** Alerts being acknowledged at once are few: past this, the rendered pages are dropped and rendered again. */
    private static final int KEPT = 64;

    private record Key(long alertId, LocalDate day) {
    }

    private final Map<Key, Slotted> rendered = new ConcurrentHashMap<>();
    private final ThymeleafViewResolver views;
    private final ParentLetters letters;
    private final HubProperties hub;
    private final Clock clock;

    OpenLinkPages(ThymeleafViewResolver views, ParentLetters letters, HubProperties hub, Clock clock) {
        this.views = views;
        this.letters = letters;
        this.hub = hub;
        this.clock = clock;
    }

    /** Whether this link's page, for this request, is the open page every school of the alert sees signed out. */
    static boolean isOpen(SchoolLink link, HttpServletRequest request) {
        return link.acknowledgement().isEmpty() && link.followedBy().isEmpty() && request.getUserPrincipal() == null;
    }

    /** The model of the link's page: the alert, the school, an empty or refused form, the school's letter. */
    Map<String, Object> model(SchoolLink link, String token, AcknowledgementForm form) {
        Map<String, Object> model = new HashMap<>();
        model.put("link", link);
        model.put(SCHOOL_NAME, link.schoolName());
        model.put(URN, link.urn());
        model.put(TOKEN, token);
        model.put("form", form);
        if (link.alert().content().parentLetter() != null && link.followedBy().isEmpty()) {
            model.put("letterHtml", letters.html(link));
        }
        return model;
    }

    /** The page of an {@link #isOpen} link: the alert's render with markers filled in, or in full the first time. */
    View page(SchoolLink link, String token) {
        return new View() {
            @Override
            public String getContentType() {
                return MediaType.TEXT_HTML_VALUE + ";charset=UTF-8";
            }

            @Override
            public void render(Map<String, ?> ignored, HttpServletRequest request, HttpServletResponse response)
                    throws Exception {
                Key key = new Key(link.alert().id(), LocalDate.ofInstant(clock.instant(), hub.timeZone()));
                Slotted page = rendered.get(key);
                if (page == null) {
                    View full = views.resolveViewName(TEMPLATE, Locale.UK);
                    full.render(model(link, token, AcknowledgementForm.empty()), request, response);
                    if (rendered.size() >= KEPT) {
                        rendered.clear();
                    }
                    rendered.put(key, withMarkers(full, link, request, response));
                    return;
                }
                CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
                response.setContentType(getContentType());
                response.getWriter().write(page.fill(Map.of(SCHOOL_NAME, link.schoolName(),
                        URN, Long.toString(link.urn()), TOKEN, token, CSRF, csrf.getToken())));
            }
        };
    }

    /** The page rendered with a marker for each per-school value, the CSRF token's included; written nowhere. */
    private Slotted withMarkers(View full, SchoolLink link, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        SchoolLink anySchool = new SchoolLink(link.alert(), link.urn(), MessageTemplates.slot(SCHOOL_NAME),
                link.acknowledgement(), link.followedBy());
        Map<String, Object> model = model(anySchool, MessageTemplates.slot(TOKEN), AcknowledgementForm.empty());
        model.put(URN, MessageTemplates.slot(URN));
        CsrfToken real = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        CsrfToken marker = new DefaultCsrfToken(real.getHeaderName(), real.getParameterName(),
                MessageTemplates.slot(CSRF));
        HttpServletRequest markedRequest = new HttpServletRequestWrapper(request) {
            @Override
            public Object getAttribute(String name) {
                return CsrfToken.class.getName().equals(name) || real.getParameterName().equals(name) ? marker
                        : super.getAttribute(name);
            }
        };
        StringWriter html = new StringWriter();
        PrintWriter writer = new PrintWriter(html);
        full.render(model, markedRequest, new HttpServletResponseWrapper(response) {
            @Override
            public PrintWriter getWriter() {
                return writer;
            }

            @Override
            public void flushBuffer() {
                writer.flush();
            }
        });
        writer.flush();
        return Slotted.of(html.toString(), true);
    }
}
