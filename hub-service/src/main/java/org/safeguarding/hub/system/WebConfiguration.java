package org.safeguarding.hub.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * GOV.UK Frontend's stylesheet asks for its images under /assets/images/ (its compiled CSS has the path built in):
 * they are served from the govuk-frontend webjar. Its fonts are not: they are GDS Transport, a cut "customised for
 * exclusive use on gov.uk", and a partnership's hub is not on GOV.UK. hub.css points the font family at the
 * system's Arial (or a metric twin), so no page asks for them.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/images/**").addResourceLocations(
                "classpath:/META-INF/resources/webjars/govuk-frontend/5.14.0/dist/govuk/assets/images/");
    }
}
