package org.safeguarding.hub.account;

import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import java.security.Principal;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Sign-in page, and who is signed in. Signing in and out themselves are Spring Security's. */
@Controller
class AccountController {

    private final AccountRepository accounts;

    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final AccountSessions sessions;
    private final PasswordStrength strength;

    AccountController(AccountRepository accounts, PasswordEncoder passwords, AuditTrail audit, AccountSessions sessions,
            PasswordStrength strength) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.audit = audit;
        this.sessions = sessions;
        this.strength = strength;
    }

    @GetMapping("/sign-in")
    String signIn() {
        return "sign-in";
    }

    /** Where a form post whose CSRF token was lost is sent (403): any method, as the post is forwarded here. */
    @RequestMapping("/session-expired")
    String sessionExpired() {
        return "session-expired";
    }

    @GetMapping("/account")
    String account(Principal principal, Model model) {
        model.addAttribute("account", accounts.findByUsername(principal.getName()).orElseThrow());
        return "account/account";
    }

    @GetMapping("/account/password")
    String passwordForm(Model model) {
        model.addAttribute("passwordForm", PasswordForm.empty());
        return "account/password";
    }

    @PostMapping("/account/password")
    String changePassword(@Valid @ModelAttribute("passwordForm") PasswordForm form, BindingResult errors,
            Principal principal, HttpSession session, RedirectAttributes redirect) {
        Account account = accounts.findByUsername(principal.getName()).orElseThrow();
        if (!errors.hasFieldErrors("currentPassword") && !passwords.matches(form.currentPassword(), account.passwordHash())) {
            errors.rejectValue("currentPassword", "wrong", "Your current password is not correct");
        }
        if (!errors.hasFieldErrors("newPassword")) {
            strength.problem(form.newPassword(), account.username(), account.displayName(), account.organisation())
                    .ifPresent(problem -> errors.rejectValue("newPassword", "weak", problem));
        }
        if (!errors.hasFieldErrors("newPassword") && !form.newPassword().equals(form.confirmPassword())) {
            errors.rejectValue("confirmPassword", "mismatch", "The passwords do not match");
        }
        if (errors.hasErrors()) {
            return "account/password";
        }
        accounts.setPasswordHash(account.username(), passwords.encode(form.newPassword()));
        // every other session of the account has just ended; this one, which knew the old password, goes on
        sessions.keepSignedIn(session, account.username());
        audit.record(AuditAction.PASSWORD_CHANGED, AuditEvent.ACCOUNT, account.username(), null);
        redirect.addFlashAttribute("done", "Your password has been changed");
        return "redirect:/account";
    }
}
