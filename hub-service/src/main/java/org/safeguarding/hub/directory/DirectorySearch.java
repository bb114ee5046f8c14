package org.safeguarding.hub.directory;

/** What the directory page asks for. Blank text, LA or phase mean "any". */
public record DirectorySearch(String text, String laCode, String phase, boolean onlyMissingContact,
        boolean includeClosed, int page, int pageSize) {

    public DirectorySearch {
        text = blankToNull(text);
        laCode = blankToNull(laCode);
        phase = blankToNull(phase);
        page = Math.max(page, 0);
        pageSize = Math.min(Math.max(pageSize, 1), 200);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
