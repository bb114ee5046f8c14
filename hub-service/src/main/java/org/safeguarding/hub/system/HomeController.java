package org.safeguarding.hub.system;

import org.safeguarding.hub.approval.ApprovalInbox;
import org.safeguarding.hub.directory.DirectoryRepository;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    private final DirectoryRepository directory;
    private final ApprovalInbox approvals;

    HomeController(DirectoryRepository directory, ApprovalInbox approvals) {
        this.directory = directory;
        this.approvals = approvals;
    }

    @GetMapping("/")
    String home(Model model, Authentication signedIn) {
        model.addAttribute("establishments", directory.countEstablishments());
        model.addAttribute("withoutContact", directory.countOpenWithoutSafeguardingContact());
        // an approver's day starts with what waits for them
        if (signedIn != null && signedIn.getAuthorities().stream().anyMatch(a -> "ROLE_APPROVER".equals(a.getAuthority()))) {
            model.addAttribute("awaitingYou", approvals.awaiting(signedIn.getName()));
        }
        return "home";
    }
}
