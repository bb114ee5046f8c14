package org.safeguarding.hub.delivery.sms;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;

/**
 * The private page a text covering several schools links to ({@code /ack/schools/{token}}): each school's own
 * acknowledgement link, so each school still confirms separately. Like a school's link it changes nothing, works
 * while the schools' links do, and an unknown or expired one gets the same 404 page.
 */
@Controller
class SharedTextPageController {

    record School(long urn, String name, String link) {
    }

    private final JdbcClient jdbc;
    private final AlertService alerts;
    private final AcknowledgementLinks links;
    private final Clock clock;

    SharedTextPageController(JdbcClient jdbc, AlertService alerts, AcknowledgementLinks links, Clock clock) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.links = links;
        this.clock = clock;
    }

    @GetMapping("/ack/schools/{token}")
    ModelAndView schools(@PathVariable String token, Model model) {
        if (!token.matches("[A-Za-z0-9_-]{43}")) {
            return invalid();
        }
        List<Long> alertIds = jdbc.sql("select alert_id from sms_text where link_hash = :hash")
                .param("hash", AcknowledgementLinks.hash(token)).query(Long.class).list();
        if (alertIds.isEmpty()) {
            return invalid();
        }
        Alert alert = alerts.get(alertIds.get(0));
        List<School> schools = jdbc.sql("""
                select e.urn, e.name from sms_text t join delivery d on d.sms_text_id = t.id
                  join establishment e on e.urn = d.urn
                  join acknowledgement_link l on l.alert_id = d.alert_id and l.urn = d.urn
                where t.link_hash = :hash and l.expires_at > :now order by e.name, e.urn""")
                .param("hash", AcknowledgementLinks.hash(token)).param("now", OffsetDateTime.now(clock))
                .query((rs, n) -> new School(rs.getLong("urn"), rs.getString("name"),
                        links.url(alert.id(), rs.getLong("urn"))))
                .list();
        if (schools.isEmpty()) {
            return invalid();
        }
        model.addAttribute("alert", alert);
        model.addAttribute("schools", schools);
        return new ModelAndView("acknowledgement/schools", model.asMap());
    }

    private static ModelAndView invalid() {
        return new ModelAndView("acknowledgement/invalid", HttpStatus.NOT_FOUND);
    }
}
