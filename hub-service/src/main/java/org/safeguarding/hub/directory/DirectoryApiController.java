package org.safeguarding.hub.directory;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The directory API of DESIGN's contract: GIAS, contacts and MIS endpoint imports (ADMIN), and one school with its
 * contacts.
 */
@RestController
@RequestMapping("/api/v1/directory")
class DirectoryApiController {

    private final EstablishmentImport establishmentImport;
    private final ContactImport contactImport;
    private final MisEndpointImport misEndpointImport;
    private final DirectoryRepository directory;

    DirectoryApiController(EstablishmentImport establishmentImport, ContactImport contactImport,
            MisEndpointImport misEndpointImport, DirectoryRepository directory) {
        this.establishmentImport = establishmentImport;
        this.contactImport = contactImport;
        this.misEndpointImport = misEndpointImport;
        this.directory = directory;
    }

    @PostMapping(path = "/schools", consumes = {"text/csv", "application/csv", "text/plain"})
    ImportReport importSchools(InputStream body) throws IOException {
        return establishmentImport.importCsv(body);
    }

    @PostMapping(path = "/contacts", consumes = {"text/csv", "application/csv", "text/plain"})
    ImportReport importContacts(InputStream body) throws IOException {
        return contactImport.importCsv(body);
    }

    @PostMapping(path = "/mis-endpoints", consumes = {"text/csv", "application/csv", "text/plain"})
    MisEndpointImport.Report importMisEndpoints(InputStream body) throws IOException {
        return misEndpointImport.importCsv(body);
    }

    @GetMapping("/schools/{urn}")
    School school(@PathVariable long urn) {
        Establishment establishment = directory.findEstablishment(urn)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No establishment with URN " + urn));
        return new School(establishment, establishment.open(), directory.contactsOf(urn));
    }

    @ExceptionHandler(InvalidDirectoryFileException.class)
    ProblemDetail invalidFile(InvalidDirectoryFileException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("The file cannot be imported");
        return problem;
    }

    /** An establishment as the API shows it. */
    record School(@JsonUnwrapped Establishment establishment, boolean open, List<SafeguardingContact> contacts) {
    }
}
