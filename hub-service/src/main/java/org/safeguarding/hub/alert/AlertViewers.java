package org.safeguarding.hub.alert;

import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who may see an alert's page and its progress, and who may export its deliveries. A raiser sees only their own
 * organisation's alerts (another force's alerts are not theirs to watch); approvers and ops watch every alert; an
 * admin (directory and accounts) sees the page. The export names recipients and the people who confirmed, so it is
 * for those who act on the alert: its organisation's raisers, approvers and ops, not admins.
 */
@Component
public class AlertViewers {

    private final AccountRepository accounts;

    AlertViewers(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /** The viewer's account; 403 when they may not see the alert. */
    public Account checkView(Alert alert, String username) {
        Account viewer = account(username);
        if (viewer.role() == Role.RAISER && !sameOrganisation(alert, viewer)) {
            throw forbidden(alert);
        }
        return viewer;
    }

    /** 403 unless the viewer may export the alert's deliveries and acknowledgements. */
    public Account checkExport(Alert alert, String username) {
        Account viewer = checkView(alert, username);
        if (!mayExport(alert, viewer)) {
            throw forbidden(alert);
        }
        return viewer;
    }

    public boolean mayExport(Alert alert, Account viewer) {
        return switch (viewer.role()) {
            case APPROVER, OPS -> true;
            case RAISER -> sameOrganisation(alert, viewer);
            case ADMIN -> false;
        };
    }

    private Account account(String username) {
        return accounts.findByUsername(username).orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
    }

    private static boolean sameOrganisation(Alert alert, Account viewer) {
        return alert.raisedBy().equals(viewer.username()) || viewer.organisation().equals(alert.raisedByOrganisation());
    }

    private static ResponseStatusException forbidden(Alert alert) {
        return new ResponseStatusException(HttpStatus.FORBIDDEN, "Not for you: " + alert.reference());
    }
}
