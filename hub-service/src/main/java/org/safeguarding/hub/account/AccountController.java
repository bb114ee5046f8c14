package org.safeguarding.hub.account;

import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Sign-in page, and who is signed in. Signing in and out themselves are Spring Security's. */
@Controller
class AccountController {

    private final AccountRepository accounts;

    AccountController(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/sign-in")
    String signIn() {
        return "sign-in";
    }

    @GetMapping("/account")
    String account(Principal principal, Model model) {
        model.addAttribute("account", accounts.findByUsername(principal.getName()).orElseThrow());
        return "account/account";
    }
}
