package org.safeguarding.hub.directory;

import java.util.List;

/**
 * The answer to a directory import (DESIGN's contract): rows that created, changed or left an entry as it was, and
 * the rejected rows, each with its file line (header = line 1) and reason. {@code retired} counts contacts that a
 * contacts file no longer lists for a school it covers (always 0 for establishments, which are never deleted).
 * Only the first {@link #MAX_LISTED_REJECTIONS} rejected rows are listed; {@code rejectedCount} counts them all, so a
 * file of bad rows cannot make an answer (or a page) as large as itself.
 */
public record ImportReport(int imported, int updated, int unchanged, int retired, List<RejectedRow> rejected,
        int rejectedCount) {

    /** Enough to find what is wrong with a file; beyond that the same mistake is usually repeated. */
    public static final int MAX_LISTED_REJECTIONS = 1000;

    /** A report of these rejected rows, listing the first {@link #MAX_LISTED_REJECTIONS} of them. */
    public ImportReport(int imported, int updated, int unchanged, int retired, List<RejectedRow> rejected) {
        this(imported, updated, unchanged, retired,
                List.copyOf(rejected.subList(0, Math.min(rejected.size(), MAX_LISTED_REJECTIONS))), rejected.size());
    }

    /** Rejected rows counted but not listed. */
    public int unlistedRejections() {
        return rejectedCount - rejected.size();
    }

    /** One line for the audit trail. */
    public String summary() {
        return "imported " + imported + ", updated " + updated + ", unchanged " + unchanged + ", retired " + retired
                + ", rejected " + rejectedCount;
    }

    public record RejectedRow(long line, String reason) {
    }
}
