package org.safeguarding.hub.account;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.security.Principal;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * ADMIN's account pages: list, create, change another account's contact details, role and password, disable and
 * enable. Disabling, a role change and a password reset each ask to be confirmed on a page of their own first.
 * Accounts are never deleted: the audit trail names them.
 */
@Controller
class AccountAdminController {

    /** An unknown name in the URL: said without echoing it, and nothing is audited as if it had been done. */
    private static final String NO_SUCH_ACCOUNT = "There is no such account";

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final PasswordStrength strength;
    private final AccountAdministration administration;

    AccountAdminController(AccountRepository accounts, PasswordEncoder passwords, AuditTrail audit,
            PasswordStrength strength, AccountAdministration administration) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.audit = audit;
        this.strength = strength;
        this.administration = administration;
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
        var contact = ContactForm.normalised(form.email(), form.mobile(), errors);
        if (!errors.hasFieldErrors("password")) {
            strength.problem(form.password(), form.username(), form.displayName(), form.organisation())
                    .ifPresent(problem -> errors.rejectValue("password", "weak", problem));
        }
        if (errors.hasErrors()) {
            model.addAttribute("roles", Role.values());
            return "account/new-account";
        }
        accounts.create(new Account(form.username(), passwords.encode(form.password()), form.displayName().strip(),
                form.organisation().strip(), form.role(), true, contact.orElseThrow().email(),
                contact.orElseThrow().mobile()));
        audit.record(AuditAction.ACCOUNT_CREATED, AuditEvent.ACCOUNT, form.username(), "role " + form.role());
        redirect.addFlashAttribute("done", "Account " + form.username() + " created");
        return "redirect:/accounts";
    }

    @GetMapping("/accounts/{username}")
    String account(@PathVariable String username, Model model, RedirectAttributes redirect) {
        return withAccount(username, redirect, account -> {
            model.addAttribute("managed", account);
            model.addAttribute("contactForm", ContactForm.of(account));
            return "account/manage";
        });
    }

    @PostMapping("/accounts/{username}/contact")
    String contact(@PathVariable String username, @Valid @ModelAttribute("contactForm") ContactForm form,
            BindingResult errors, Model model, RedirectAttributes redirect) {
        return withAccount(username, redirect, account -> {
            var contact = ContactForm.normalised(form.email(), form.mobile(), errors);
            if (contact.isEmpty()) {
                model.addAttribute("managed", account);
                return "account/manage";
            }
            administration.setContact(username, contact.get());
            redirect.addFlashAttribute("done", "Contact details of " + username + " saved");
            return "redirect:/accounts/" + username;
        });
    }

    @GetMapping("/accounts/{username}/role")
    String roleForm(@PathVariable String username, Model model, RedirectAttributes redirect) {
        return withAccount(username, redirect, account -> {
            model.addAttribute("managed", account);
            model.addAttribute("roles", Role.values());
            return "account/role";
        });
    }

    /** The chosen role, to confirm; with {@code confirmed}, the change. */
    @PostMapping("/accounts/{username}/role")
    String changeRole(@PathVariable String username, @RequestParam(required = false) Role role,
            @RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
        return withAccount(username, redirect, account -> {
            if (role == null || role == account.role()) {
                redirect.addFlashAttribute("problem", role == null ? "Select a role" : username + " is already " + role);
                return "redirect:/accounts/" + username + "/role";
            }
            if (!confirmed) {
                return confirm(model, account, "Change the role of " + username + " from " + account.role() + " to "
                        + role + "?", username + " will be signed out everywhere and can then do only what "
                        + role + " may.", "/accounts/" + username + "/role", Map.of("role", role.name()),
                        "Change role to " + role);
            }
            administration.changeRole(username, role);
            redirect.addFlashAttribute("done", username + " is now " + role);
            return "redirect:/accounts/" + username;
        });
    }

    @GetMapping("/accounts/{username}/disable")
    String confirmDisable(@PathVariable String username, Model model, RedirectAttributes redirect) {
        return withAccount(username, redirect, account -> confirm(model, account, "Disable " + username + "?",
                username + " will be signed out everywhere and cannot sign in until an ADMIN enables the account.",
                "/accounts/" + username + "/disable", Map.of(), "Disable account"));
    }

    @PostMapping("/accounts/{username}/disable")
    String disable(@PathVariable String username, Principal principal, RedirectAttributes redirect) {
        return withAccount(username, redirect, account -> {
            administration.disable(username, principal.getName());
            redirect.addFlashAttribute("done", "Account " + username + " disabled");
            return "redirect:/accounts";
        });
    }

    @PostMapping("/accounts/{username}/enable")
    String enable(@PathVariable String username, RedirectAttributes redirect) {
        return withAccount(username, redirect, account -> {
            accounts.setEnabled(username, true);
            audit.record(AuditAction.ACCOUNT_ENABLED, AuditEvent.ACCOUNT, username, null);
            redirect.addFlashAttribute("done", "Account " + username + " enabled");
            return "redirect:/accounts";
        });
    }

    @GetMapping("/accounts/{username}/password")
    String confirmReset(@PathVariable String username, Model model, RedirectAttributes redirect) {
        return withAccount(username, redirect, account -> confirm(model, account,
                "Reset the password of " + username + "?", "The hub makes a new password and shows it to you once;"
                        + " " + username + " is signed out everywhere and signs in with it.",
                "/accounts/" + username + "/password", Map.of(), "Reset password"));
    }

    /** The generated password is shown on this answer only, never stored or sent; the page is not cached. */
    @PostMapping("/accounts/{username}/password")
    String resetPassword(@PathVariable String username, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        return withAccount(username, redirect, account -> {
            response.setHeader("Cache-Control", "no-store");
            model.addAttribute("managed", account);
            model.addAttribute("newPassword", administration.resetPassword(username));
            return "account/password-reset";
        });
    }

    private static String confirm(Model model, Account account, String question, String consequence, String action,
            Map<String, String> fields, String button) {
        model.addAttribute("managed", account);
        model.addAttribute("question", question);
        model.addAttribute("consequence", consequence);
        model.addAttribute("action", action);
        model.addAttribute("fields", fields);
        model.addAttribute("button", button);
        return "account/confirm";
    }

    private interface Page {
        String show(Account account);
    }

    /** The page for an existing account; otherwise back to the list saying so, or saying why it was refused. */
    private String withAccount(String username, RedirectAttributes redirect, Page page) {
        var account = accounts.findByUsername(username);
        if (account.isEmpty()) {
            redirect.addFlashAttribute("problem", NO_SUCH_ACCOUNT);
            return "redirect:/accounts";
        }
        try {
            return page.show(account.get());
        } catch (AccountAdministration.Refused refused) {
            redirect.addFlashAttribute("problem", refused.getMessage());
            return "redirect:/accounts";
        }
    }
}
