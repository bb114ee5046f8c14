package org.safeguarding.hub.system;

import java.util.ArrayList;
import java.util.List;

/**
 * What the form fragments (templates/fragments/forms.html) work out for a field, in one place; pages reach it as
 * {@code formFields} (a static variable of every page, {@link PageModel}).
 */
public final class FormFields {

    /**
     * The ids a field's {@code aria-describedby} names, in reading order: its character count when it has a limit,
     * its hint, its error; null when it has none of them (no empty attribute).
     */
    public String describedBy(String field, Object hint, Object error, Object maxlength) {
        List<String> ids = new ArrayList<>();
        if (maxlength != null) {
            ids.add(field + "-info");
        }
        if (hint != null) {
            ids.add(field + "-hint");
        }
        if (error != null) {
            ids.add(field + "-error");
        }
        return ids.isEmpty() ? null : String.join(" ", ids);
    }
}
