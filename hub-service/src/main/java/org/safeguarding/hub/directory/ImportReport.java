package org.safeguarding.hub.directory;

import java.util.List;

/**
 * The answer to a directory import (DESIGN's contract): rows that created, changed or left an entry as it was, and
 * each rejected row with its file line (header = line 1) and reason. {@code retired} counts contacts that a
 * contacts file no longer lists for a school it covers (always 0 for establishments, which are never deleted).
 */
public record ImportReport(int imported, int updated, int unchanged, int retired, List<RejectedRow> rejected) {

    /** One line for the audit trail. */
    public String summary() {
        return "imported " + imported + ", updated " + updated + ", unchanged " + unchanged + ", retired " + retired
                + ", rejected " + rejected.size();
    }

    public record RejectedRow(long line, String reason) {
    }
}
