package org.safeguarding.hub.alert;

import java.security.Principal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.system.HubProperties;
import org.safeguarding.hub.system.Paging;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The alerts list: what awaits approval, then every alert, one row each, searched, filtered, sorted and paged. */
@Controller
class AlertListController {

    static final int AWAITING_LISTED = 100;

    private final AlertList list;
    private final AlertRepository repository;
    private final AccountRepository accounts;
    private final HubProperties hub;

    AlertListController(AlertList list, AlertRepository repository, AccountRepository accounts, HubProperties hub) {
        this.list = list;
        this.repository = repository;
        this.accounts = accounts;
        this.hub = hub;
    }

    @GetMapping("/alerts")
    String list(@ModelAttribute("filter") AlertFilter filter, BindingResult errors, Principal principal, Model model) {
        // a raiser sees their own organisation's alerts only, as on each alert's page (AlertViewers)
        String organisation = accounts.findByUsername(principal.getName()).filter(a -> a.role() == Role.RAISER)
                .map(Account::organisation).orElse(null);
        AlertList.Query query = new AlertList.Query(filter.text(), filter.state(), filter.severityWanted(),
                filter.from(hub.timeZone(), errors), filter.toExclusive(hub.timeZone(), errors), filter.sortWanted(),
                principal.getName(), organisation);
        model.addAttribute("awaitingApproval", repository.findByStatus(EnumSet.of(AlertStatus.AWAITING_APPROVAL),
                AWAITING_LISTED).stream().filter(a -> organisation == null || organisation.equals(a.raisedByOrganisation()))
                .toList());
        model.addAttribute("filterErrors", errors.hasErrors());
        if (errors.hasErrors()) {
            model.addAttribute("alerts", List.of());
            model.addAttribute("paging", Paging.of(1, 0, AlertList.PAGE_SIZE));
        } else {
            Paging paging = Paging.of(filter.getPage(), list.count(query), AlertList.PAGE_SIZE);
            model.addAttribute("alerts", list.find(query, paging));
            model.addAttribute("paging", paging);
        }
        model.addAttribute("filtered", query.text() != null || query.state() != null || query.severity() != null
                || query.raisedFrom() != null || query.raisedBefore() != null);
        model.addAttribute("statusOptions", options(AlertList.State.values(), "Any status"));
        model.addAttribute("severityOptions", options(Severity.values(), "Any severity"));
        model.addAttribute("sortOptions", options(AlertList.Sort.values(), null));
        return "alerts/list";
    }

    /** {value, text} pairs for the fragments/forms select, "any" first when there is one. */
    private static List<String[]> options(Enum<?>[] values, String any) {
        List<String[]> options = new ArrayList<>();
        if (any != null) {
            options.add(new String[] {"", any});
        }
        for (Enum<?> value : values) {
            String label = value instanceof Severity s ? s.label()
                    : value instanceof AlertList.State s ? s.label() : ((AlertList.Sort) value).label();
            options.add(new String[] {value.name(), label});
        }
        return options;
    }
}
