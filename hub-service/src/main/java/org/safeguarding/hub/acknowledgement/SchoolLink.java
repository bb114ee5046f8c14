package org.safeguarding.hub.acknowledgement;

import java.util.Optional;
import org.safeguarding.hub.alert.Alert;

/**
 * What a valid acknowledgement link opens: one alert, for one school, and its acknowledgement if there is one.
 * {@code followedBy}: the cancel that withdrew the alert, or the later update that replaces it, if any.
 */
record SchoolLink(Alert alert, long urn, String schoolName, Optional<Acknowledgement> acknowledgement,
        Optional<Alert> followedBy) {
}
