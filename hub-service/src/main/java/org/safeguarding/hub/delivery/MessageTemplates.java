package org.safeguarding.hub.delivery;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.TemplateSpec;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders what recipients read, from the {@code templates} module ({@code messages/…}): HTML templates escape
 * everything the raiser typed, text templates print it as typed. Separate from the pages' template engine, so a
 * page fragment can never leak into an email or the other way round.
 */
@Component
public class MessageTemplates {

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

    /** One {@code th:fragment} of a template, e.g. the letter inside "letter/parent-letter.html", to embed in a page. */
    public String renderFragment(String template, String fragment, Map<String, Object> variables) {
        return engine.process(new TemplateSpec(template, Set.of(fragment), TemplateMode.HTML, null),
                new Context(Locale.UK, variables));
    }
}
