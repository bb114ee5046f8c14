package org.safeguarding.hub.retention;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** DESIGN's "Retention": {@code POST /api/v1/ops/retention/run} (ADMIN) runs the purge now and says what it removed. */
@RestController
class RetentionApiController {

    private final RetentionService retention;

    RetentionApiController(RetentionService retention) {
        this.retention = retention;
    }

    @PostMapping("/api/v1/ops/retention/run")
    RetentionService.Removed run(Authentication who) {
        return retention.run(who.getName()).orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT,
                "The retention purge is running on another hub instance; try again when it has finished"));
    }
}
