package org.safeguarding.hub.acknowledgement;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * A school's private acknowledgement link. GET (and HEAD, which Spring answers from GET) shows the alert, the
 * parent letter and a confirm form and records nothing: mail scanners and link previews open every link. Only POST
 * records, once; CSRF applies as on every page. Every invalid link gets the same 404 page. The link of an alert that
 * was withdrawn or replaced by an update says so, and neither records nor offers its letter for parents.
 */
@Controller
class AcknowledgementController {

    private final Acknowledgements acknowledgements;
    private final ParentLetters letters;
    private final OpenLinkPages openPages;

    AcknowledgementController(Acknowledgements acknowledgements, ParentLetters letters, OpenLinkPages openPages) {
        this.acknowledgements = acknowledgements;
        this.letters = letters;
        this.openPages = openPages;
    }

    @GetMapping("/ack/{token}")
    ModelAndView page(@PathVariable String token, HttpServletRequest request, Model model) {
        Optional<SchoolLink> link = acknowledgements.resolve(token);
        if (link.isEmpty()) {
            throw new InvalidLinkException();
        }
        if (OpenLinkPages.isOpen(link.get(), request)) {
            return new ModelAndView(openPages.page(link.get(), token));
        }
        return new ModelAndView(show(link.get(), token, AcknowledgementForm.empty(), model));
    }

    @PostMapping("/ack/{token}")
    ModelAndView acknowledge(@PathVariable String token, @Valid @ModelAttribute("form") AcknowledgementForm form,
            BindingResult errors, HttpServletRequest request, Model model) {
        Optional<SchoolLink> link = acknowledgements.resolve(token);
        if (link.isEmpty()) {
            throw new InvalidLinkException();
        }
        if (link.get().acknowledgement().isPresent() || link.get().followedBy().isPresent()) {
            // already recorded: the page shows who and when; withdrawn or replaced: the page says so and asks nothing
            return redirect("/ack/" + token);
        }
        if (errors.hasErrors()) {
            return new ModelAndView(show(link.get(), token, form, model));
        }
        try {
            acknowledgements.acknowledge(link.get(), form, request.getRemoteAddr());
        } catch (DataIntegrityViolationException anotherContactConfirmedAtTheSameMoment) {
            // theirs stands; the page shows it
        }
        return redirect("/ack/" + token + "?confirmed");
    }

    /**
     * The redirect as a view, not named ("redirect:/ack/…"): every link's address is its own, so the view resolvers
     * would build a view for each school, run every bean post-processor over it (Camel's reflects over its class) and
     * cache it, about a twentieth of a confirmation's CPU (JFR, schools confirming by the hundred a second).
     */
    private static ModelAndView redirect(String path) {
        return new ModelAndView(new RedirectView(path, true));
    }

    @GetMapping("/ack/{token}/letter.pdf")
    ResponseEntity<byte[]> letter(@PathVariable String token) throws IOException {
        Optional<SchoolLink> link = acknowledgements.resolve(token);
        if (link.isEmpty() || link.get().alert().content().parentLetter() == null) {
            throw new InvalidLinkException();
        }
        if (link.get().followedBy().isPresent()) {
            // a withdrawn or replaced letter must not reach parents: the page says why, and points to the update
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/ack/" + token)).build();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("letter-to-parents-" + link.get().alert().reference() + "-" + link.get().urn() + ".pdf")
                        .build().toString())
                .body(letters.pdf(link.get()));
    }

    private String show(SchoolLink link, String token, AcknowledgementForm form, Model model) {
        model.addAllAttributes(openPages.model(link, token, form));
        return OpenLinkPages.TEMPLATE;
    }

    /** Unknown, malformed, forged and expired links alike: same page, same status, nothing said about which. */
    @ExceptionHandler(InvalidLinkException.class)
    ModelAndView invalid() {
        return new ModelAndView("acknowledgement/invalid", HttpStatus.NOT_FOUND);
    }

    static class InvalidLinkException extends RuntimeException {
        InvalidLinkException() {
            super(null, null, false, false);
        }
    }
}
