package org.safeguarding.hub.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.safeguarding.hub.system.HubProperties;
import org.safeguarding.hub.system.Paging;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

/**
 * The audit trail for ADMIN and OPS (enforced in SecurityConfiguration): filtered by who, what, which alert and
 * when, a page at a time, and the same filter exported as CSV.
 */
@Controller
class AuditController {

    static final int PAGE_SIZE = 100;
    /** Rows the API answers with: the newest. */
    static final int LIMIT = 500;

    private final AuditSearch search;
    private final AuditTrail audit;
    private final HubProperties hub;

    AuditController(AuditSearch search, AuditTrail audit, HubProperties hub) {
        this.search = search;
        this.audit = audit;
        this.hub = hub;
    }

    @GetMapping("/audit")
    String page(@ModelAttribute("filter") AuditFilter filter, BindingResult errors, Model model) {
        AuditSearch.Query query = query(filter, errors);
        Paging paging = Paging.of(filter.getPage(), errors.hasErrors() ? 0 : search.count(query), PAGE_SIZE);
        model.addAttribute("events", errors.hasErrors() ? List.of() : search.page(query, paging.offset(), PAGE_SIZE));
        model.addAttribute("paging", paging);
        model.addAttribute("filterErrors", errors.hasErrors());
        List<String[]> actions = new ArrayList<>();
        actions.add(new String[] {"", "Any action"});
        for (AuditAction action : AuditAction.values()) {
            actions.add(new String[] {action.name(), action.label()});
        }
        model.addAttribute("actionOptions", actions);
        UriComponents export = ServletUriComponentsBuilder.fromCurrentRequest().replacePath("/audit/export")
                .replaceQueryParam("page").build();
        model.addAttribute("exportHref", export.getPath() + (export.getQuery() == null ? "" : "?" + export.getQuery()));
        return "audit/audit";
    }

    @GetMapping("/api/v1/audit")
    @ResponseBody
    List<AuditEvent> api(@RequestParam(required = false) String alert) {
        AuditFilter filter = new AuditFilter();
        filter.setAlert(alert);
        return search.page(new AuditSearch.Query(null, null, filter.alertWanted(), null, null), 0, LIMIT);
    }

    /** The filtered trail as CSV, streamed row by row; the export is itself audited before a row is read. */
    @GetMapping("/audit/export")
    void export(@ModelAttribute("filter") AuditFilter filter, BindingResult errors, HttpServletResponse response)
            throws IOException {
        AuditSearch.Query query = query(filter, errors);
        if (errors.hasErrors()) {
            response.sendError(400);
            return;
        }
        audit.record(AuditAction.AUDIT_EXPORTED, AuditEvent.SYSTEM, "audit-trail", "CSV of " + filter.describe());
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit-trail.csv\"");
        Writer writer = response.getWriter();
        ZoneId zone = hub.timeZone();
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader("Id", "When", "Who", "Role",
                "What", "Subject type", "Subject", "Detail", "From").get())) {
            search.each(query, e -> {
                try {
                    csv.printRecord(e.id(), e.occurredAt().atZoneSameInstant(zone).toOffsetDateTime()
                            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), cell(e.actor()), cell(e.actorRole()),
                            e.action().name(), cell(e.subjectType()), cell(e.subjectId()), cell(e.detail()),
                            cell(e.clientAddress()));
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            });
        }
    }

    /**
     * A cell a spreadsheet will not run: text starting =, +, -, @, tab or carriage return is a formula to Excel and
     * LibreOffice (OWASP's CSV injection), so it is kept as text behind an apostrophe.
     */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private AuditSearch.Query query(AuditFilter filter, BindingResult errors) {
        OffsetDateTime from = filter.from(hub.timeZone(), errors);
        OffsetDateTime before = filter.toExclusive(hub.timeZone(), errors);
        return new AuditSearch.Query(filter.userWanted(), filter.actionWanted(), filter.alertWanted(), from, before);
    }
}
