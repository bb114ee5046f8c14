package org.safeguarding.hub.system;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the layout shows on every page. */
@ControllerAdvice
class PageModel {

    private final HubProperties hub;

    PageModel(HubProperties hub) {
        this.hub = hub;
    }

    @ModelAttribute("serviceName")
    String serviceName() {
        return hub.serviceName();
    }

    @ModelAttribute("demo")
    boolean demo() {
        return hub.demo().enabled();
    }

    @ModelAttribute("zone")
    java.time.ZoneId zone() {
        return hub.timeZone();
    }

    @ModelAttribute("partnershipName")
    String partnershipName() {
        return hub.partnershipName();
    }
}
