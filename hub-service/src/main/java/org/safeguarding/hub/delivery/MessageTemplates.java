package org.safeguarding.hub.delivery;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.TemplateSpec;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.unbescape.html.HtmlEscape;

/**
 * Renders what recipients read, from the {@code templates} module ({@code messages/…}): HTML templates escape
 * everything the raiser typed, text templates print it as typed. Separate from the pages' template engine, so a
 * page fragment can never leak into an email or the other way round.
 */
@Component
public class MessageTemplates {

    /** Marks a slot in a rendered template; random per process, so no text a raiser typed can look like one. */
    private static final String SLOT = "hub-slot-" + Long.toHexString(new SecureRandom().nextLong()) + "-";
    private static final String SLOT_END = "-end";

    private final SpringTemplateEngine engine = new SpringTemplateEngine();

    MessageTemplates() {
        engine.setEnableSpringELCompiler(true);
        engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 2));
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("messages/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of("*" + suffix));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        resolver.setCheckExistence(true);
        resolver.setOrder(order);
        return resolver;
    }

    /** @param template e.g. "email/alert.html" */
    public String render(String template, Map<String, Object> variables) {
        return engine.process(template, new Context(Locale.UK, variables));
    }

    /**
     * Renders {@code template} once with a marker in place of each of {@code slots}, for the parts of a message that
     * differ per recipient (a school's name, its link): filling the slots for each school is string joining, not a
     * render. Only for templates that print those variables and never test or transform them.
     */
    public Slotted renderWithSlots(String template, Map<String, Object> shared, Set<String> slots) {
        Map<String, Object> model = new HashMap<>(shared);
        slots.forEach(slot -> model.put(slot, slot(slot)));
        return Slotted.of(render(template, model), template.endsWith(".html"));
    }

    /**
     * The marker that stands for {@code name} in a render that {@link Slotted#of} splits: letters, digits and hyphens
     * only, so HTML escaping and URL building leave it as it is.
     */
    public static String slot(String name) {
        return SLOT + name + SLOT_END;
    }

    /** A rendered template with slots: {@code literals} around {@code slots}, one more literal than slots. */
    public record Slotted(List<String> literals, List<String> slots, boolean html) {

        /** Splits a render made with {@link #slot} markers into its literals and slots. */
        public static Slotted of(String rendered, boolean html) {
            List<String> literals = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int at = 0;
            for (int start = rendered.indexOf(SLOT); start >= 0; start = rendered.indexOf(SLOT, at)) {
                int end = rendered.indexOf(SLOT_END, start);
                literals.add(rendered.substring(at, start));
                names.add(rendered.substring(start + SLOT.length(), end));
                at = end + SLOT_END.length();
            }
            literals.add(rendered.substring(at));
            return new Slotted(List.copyOf(literals), List.copyOf(names), html);
        }

        /** The message for one recipient; in HTML each value is escaped as the template would have escaped it. */
        public String fill(Map<String, String> values) {
            StringBuilder out = new StringBuilder(literals.stream().mapToInt(String::length).sum() + 256);
            for (int i = 0; i < slots.size(); i++) {
                out.append(literals.get(i));
                String value = values.get(slots.get(i));
                out.append(html ? HtmlEscape.escapeHtml4Xml(value) : value);
            }
            return out.append(literals.get(slots.size())).toString();
        }
    }

    /** One {@code th:fragment} of a template, e.g. the letter inside "letter/parent-letter.html", to embed in a page. */
    public String renderFragment(String template, String fragment, Map<String, Object> variables) {
        return engine.process(new TemplateSpec(template, Set.of(fragment), TemplateMode.HTML, null),
                new Context(Locale.UK, variables));
    }
}
