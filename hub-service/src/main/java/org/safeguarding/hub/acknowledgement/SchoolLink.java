package org.safeguarding.hub.acknowledgement;

import java.util.Optional;
import org.safeguarding.hub.alert.Alert;

/** What a valid acknowledgement link opens: one alert, for one school, and its acknowledgement if there is one. */
record SchoolLink(Alert alert, long urn, String schoolName, Optional<Acknowledgement> acknowledgement) {
}
