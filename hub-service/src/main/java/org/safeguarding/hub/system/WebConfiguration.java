package org.safeguarding.hub.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * GOV.UK Frontend's stylesheet asks for its fonts and images under /assets/ (its compiled CSS has the path built in):
 * they are served from the govuk-frontend webjar, so no page asks for anything that is not there. The fonts are GDS
 * Transport, which GOV.UK's licence reserves for services on GOV.UK: a hub run elsewhere should consider a
 * stylesheet built with its own font (govuk-frontend's $govuk-font-family).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        for (String folder : new String[] {"images", "fonts"}) {
            registry.addResourceHandler("/assets/" + folder + "/**").addResourceLocations(
                    "classpath:/META-INF/resources/webjars/govuk-frontend/5.14.0/dist/govuk/assets/" + folder + "/");
        }
    }
}
