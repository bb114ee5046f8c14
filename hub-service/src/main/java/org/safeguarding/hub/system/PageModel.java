package org.safeguarding.hub.system;

import org.springframework.context.annotation.Configuration;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * What the layout shows on every page, as the view resolver's static variables rather than model attributes: an
 * {@code @ExceptionHandler}'s page (an invalid acknowledgement link, "that cannot be done") and the error pages get no
 * model attributes, and would say "– null" where the service name belongs.
 */
@Configuration(proxyBeanMethods = false)
class PageModel {

    PageModel(ThymeleafViewResolver views, HubProperties hub) {
        views.addStaticVariable("serviceName", hub.serviceName());
        views.addStaticVariable("demo", hub.demo().enabled());
        views.addStaticVariable("zone", hub.timeZone());
        views.addStaticVariable("partnershipName", hub.partnershipName());
        views.addStaticVariable("formFields", new FormFields());
        views.addStaticVariable("partnershipContact", hub.partnershipContact() == null || hub.partnershipContact()
                .isBlank() ? null : hub.partnershipContact().trim());
    }
}
