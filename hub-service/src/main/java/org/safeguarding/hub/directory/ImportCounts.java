package org.safeguarding.hub.directory;

import java.util.ArrayList;
import java.util.List;
import org.safeguarding.hub.directory.ImportReport.RejectedRow;

/** Tallies one import as it streams, listing only the first rejected rows (see {@link ImportReport}). */
final class ImportCounts {

    private int imported;
    private int updated;
    private int unchanged;
    private int retired;
    private int rejectedCount;
    private final List<RejectedRow> rejected = new ArrayList<>();

    void imported(int n) {
        imported += n;
    }

    void updated(int n) {
        updated += n;
    }

    void unchanged(int n) {
        unchanged += n;
    }

    void retired(int n) {
        retired += n;
    }

    void reject(long line, String reason) {
        rejectedCount++;
        if (rejected.size() < ImportReport.MAX_LISTED_REJECTIONS) {
            rejected.add(new RejectedRow(line, reason));
        }
    }

    ImportReport report() {
        return new ImportReport(imported, updated, unchanged, retired, List.copyOf(rejected), rejectedCount);
    }
}
