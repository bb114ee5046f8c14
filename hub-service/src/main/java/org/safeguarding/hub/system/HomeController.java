package org.safeguarding.hub.system;

import org.safeguarding.hub.directory.DirectoryRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    private final DirectoryRepository directory;

    HomeController(DirectoryRepository directory) {
        this.directory = directory;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("establishments", directory.countEstablishments());
        model.addAttribute("withoutContact", directory.countOpenWithoutSafeguardingContact());
        return "home";
    }
}
