package org.safeguarding.hub.system;

import java.util.ArrayList;
import java.util.List;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

/**
 * One page of a long list, and the links of the GOV.UK pagination component ({@code fragments/pagination}) to the
 * others. Each link is the current address with only its {@code page} changed, so a filtered list stays filtered.
 *
 * @param page 1-based
 * @param items the numbered links, with {@code null} for an ellipsis
 */
public record Paging(int page, int pages, long total, int size, String previous, String next, List<Item> items) {

    public record Item(int number, String href, boolean current) {
    }

    /** The page a 1-based request asks for, kept within 1..pages. */
    public static Paging of(int requested, long total, int size) {
        int pages = (int) Math.max(1, (total + size - 1) / size);
        int page = Math.min(Math.max(1, requested), pages);
        List<Item> items = new ArrayList<>();
        for (int n = 1; n <= pages; n++) {
            // first, last, and the current page's neighbours; an ellipsis for each gap
            if (n == 1 || n == pages || Math.abs(n - page) <= 1) {
                items.add(new Item(n, href(n), n == page));
            } else if (items.get(items.size() - 1) != null) {
                items.add(null);
            }
        }
        return new Paging(page, pages, total, size, page > 1 ? href(page - 1) : null,
                page < pages ? href(page + 1) : null, pages > 1 ? items : List.of());
    }

    /** Rows skipped before this page. */
    public long offset() {
        return (long) (page - 1) * size;
    }

    /** The first and last row shown, 1-based, e.g. "26 to 50 of 112". */
    public long first() {
        return total == 0 ? 0 : offset() + 1;
    }

    public long last() {
        return Math.min(total, offset() + size);
    }

    private static String href(int page) {
        // the request's own query, still encoded as it came, with only the page replaced
        UriComponents link = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page).build();
        return link.getPath() + "?" + link.getQuery();
    }
}
