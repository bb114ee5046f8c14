package org.safeguarding.hub.account;

import jakarta.validation.Valid;
import java.security.Principal;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** ADMIN's account pages: list, create, disable and enable. Accounts are never deleted: the audit trail names them. */
@Controller
class AccountAdminController {

    /** An unknown name in the URL: said without echoing it, and nothing is audited as if it had been done. */
    private static final String NO_SUCH_ACCOUNT = "There is no such account";

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final PasswordStrength strength;

    AccountAdminController(AccountRepository accounts, PasswordEncoder passwords, AuditTrail audit,
            PasswordStrength strength) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.audit = audit;
        this.strength = strength;
    }

    @GetMapping("/accounts")
    String list(Model model) {
        model.addAttribute("accounts", accounts.findAll());
        return "account/accounts";
    }

    @GetMapping("/accounts/new")
    String newAccount(Model model) {
        model.addAttribute("accountForm", NewAccountForm.empty());
        model.addAttribute("roles", Role.values());
        return "account/new-account";
    }

    @PostMapping("/accounts/new")
    String create(@Valid @ModelAttribute("accountForm") NewAccountForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (!errors.hasFieldErrors("username") && accounts.exists(form.username())) {
            errors.rejectValue("username", "taken", "That username is already taken");
        }
        if (!errors.hasFieldErrors("password")) {
            strength.problem(form.password(), form.username(), form.displayName(), form.organisation())
                    .ifPresent(problem -> errors.rejectValue("password", "weak", problem));
        }
        if (errors.hasErrors()) {
            model.addAttribute("roles", Role.values());
            return "account/new-account";
        }
        accounts.create(new Account(form.username(), passwords.encode(form.password()), form.displayName().strip(),
                form.organisation().strip(), form.role(), true));
        audit.record(AuditAction.ACCOUNT_CREATED, AuditEvent.ACCOUNT, form.username(), "role " + form.role());
        redirect.addFlashAttribute("done", "Account " + form.username() + " created");
        return "redirect:/accounts";
    }

    @PostMapping("/accounts/{username}/disable")
    String disable(@PathVariable String username, Principal principal, RedirectAttributes redirect) {
        if (!accounts.exists(username)) {
            redirect.addFlashAttribute("problem", NO_SUCH_ACCOUNT);
        } else if (username.equals(principal.getName())) {
            redirect.addFlashAttribute("problem", "You cannot disable your own account");
        } else {
            accounts.setEnabled(username, false);
            audit.record(AuditAction.ACCOUNT_DISABLED, AuditEvent.ACCOUNT, username, null);
            redirect.addFlashAttribute("done", "Account " + username + " disabled");
        }
        return "redirect:/accounts";
    }

    @PostMapping("/accounts/{username}/enable")
    String enable(@PathVariable String username, RedirectAttributes redirect) {
        if (!accounts.exists(username)) {
            redirect.addFlashAttribute("problem", NO_SUCH_ACCOUNT);
            return "redirect:/accounts";
        }
        accounts.setEnabled(username, true);
        audit.record(AuditAction.ACCOUNT_ENABLED, AuditEvent.ACCOUNT, username, null);
        redirect.addFlashAttribute("done", "Account " + username + " enabled");
        return "redirect:/accounts";
    }
}
