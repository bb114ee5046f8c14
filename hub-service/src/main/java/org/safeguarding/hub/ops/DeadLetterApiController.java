package org.safeguarding.hub.ops;

import java.util.List;
import org.safeguarding.hub.ops.DeadLetters.DeadLetterQueue;
import org.safeguarding.hub.ops.DeadLetters.Outcome;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * DESIGN's "Dead letters" contract (OPS): what each hub queue's dead-letter queue holds and why, re-driving its
 * messages (all, or those named) and discarding one with a reason. {@code queue} is the hub queue or its DLQ name.
 */
@RestController
@RequestMapping("/api/v1/ops/dead-letters")
class DeadLetterApiController {

    /** Which messages, by JMSMessageID; none named: all of them (re-drive only). */
    record Chosen(List<String> ids, String reason) {
        List<String> idsOrAll() {
            return ids == null ? List.of() : ids;
        }
    }

    private final DeadLetters deadLetters;

    DeadLetterApiController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    List<DeadLetterQueue> list() {
        return deadLetters.list();
    }

    @PostMapping("/{queue}/redrive")
    Outcome redrive(@PathVariable String queue, @RequestBody(required = false) Chosen chosen) {
        return deadLetters.redrive(origin(queue), chosen == null ? List.of() : chosen.idsOrAll());
    }

    @PostMapping("/{queue}/discard")
    Outcome discard(@PathVariable String queue, @RequestBody Chosen chosen) {
        if (chosen.ids() == null || chosen.ids().isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Name the messages to discard (ids)");
        }
        if (chosen.reason() == null || chosen.reason().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Say why the messages are discarded (reason)");
        }
        return deadLetters.discard(origin(queue), chosen.ids(), chosen.reason().strip());
    }

    private static String origin(String queue) {
        return DeadLetters.originOf(queue).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No hub queue called " + queue));
    }
}
