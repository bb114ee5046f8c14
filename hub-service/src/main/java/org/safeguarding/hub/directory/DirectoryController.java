package org.safeguarding.hub.directory;

import java.io.IOException;
import java.io.InputStream;
import org.safeguarding.hub.delivery.mis.MisEndpoints;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/** The directory pages: search, one school, and the import upload (ADMIN, enforced in SecurityConfiguration). */
@Controller
class DirectoryController {

    static final int PAGE_SIZE = 50;

    private final DirectoryRepository directory;
    private final EstablishmentImport establishmentImport;
    private final ContactImport contactImport;
    private final MisEndpointImport misEndpointImport;
    private final MisEndpoints misEndpoints;
    private final HubProperties hub;

    DirectoryController(DirectoryRepository directory, EstablishmentImport establishmentImport,
            ContactImport contactImport, MisEndpointImport misEndpointImport, MisEndpoints misEndpoints,
            HubProperties hub) {
        this.hub = hub;
        this.directory = directory;
        this.establishmentImport = establishmentImport;
        this.contactImport = contactImport;
        this.misEndpointImport = misEndpointImport;
        this.misEndpoints = misEndpoints;
    }

    @GetMapping("/directory")
    String search(@RequestParam(required = false) String q, @RequestParam(required = false) String la,
            @RequestParam(required = false) String phase,
            @RequestParam(name = "missing", defaultValue = "false") boolean missing,
            @RequestParam(name = "closed", defaultValue = "false") boolean closed,
            @RequestParam(defaultValue = "0") int page, Model model) {
        DirectorySearch search = new DirectorySearch(q, la, phase, missing, closed, page, PAGE_SIZE);
        model.addAttribute("search", search);
        model.addAttribute("schools", directory.search(search));
        model.addAttribute("localAuthorities", directory.localAuthorities());
        model.addAttribute("phases", directory.phases());
        model.addAttribute("withoutContact", directory.countOpenWithoutSafeguardingContact());
        return "directory/search";
    }

    @GetMapping("/directory/schools/{urn}")
    String school(@PathVariable long urn, Model model) {
        model.addAttribute("school", directory.findEstablishment(urn)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        model.addAttribute("contacts", directory.contactsOf(urn));
        model.addAttribute("bounces", directory.lastBounces(urn));
        model.addAttribute("misEndpoint", misEndpoints.find(urn).orElse(null));
        model.addAttribute("misLastDelivery", misEndpoints.lastDelivery(urn).orElse(null));
        return "directory/school";
    }

    /** The import page; {@code tooLarge}: {@link UploadLimit} sent back a file over the limit. */
    @GetMapping(UploadLimit.IMPORT_PAGE)
    String importForm(@RequestParam(required = false) String tooLarge, @RequestParam(required = false) String kind,
            Model model) {
        if (tooLarge != null) {
            model.addAttribute("kind", "contacts".equals(kind) || "mis-endpoints".equals(kind) ? kind : "schools");
            model.addAttribute("fileError", UploadLimit.pageMessage(hub));
        }
        return "directory/import";
    }

    @PostMapping(UploadLimit.IMPORT_PAGE)
    String importFile(@RequestParam String kind, @RequestParam(required = false) MultipartFile file, Model model)
            throws IOException {
        model.addAttribute("kind", kind);
        if (file == null || file.isEmpty()) {
            model.addAttribute("fileError", "Select a CSV file to import");
            return "directory/import";
        }
        try (InputStream body = file.getInputStream()) {
            Object report = switch (kind) {
                case "contacts" -> contactImport.importCsv(body);
                case "mis-endpoints" -> misEndpointImport.importCsv(body);
                default -> establishmentImport.importCsv(body);
            };
            model.addAttribute("report", report);
            model.addAttribute("fileName", file.getOriginalFilename());
        } catch (InvalidDirectoryFileException e) {
            model.addAttribute("fileError", e.getMessage());
        }
        return "directory/import";
    }
}
