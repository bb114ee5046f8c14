package org.safeguarding.hub.system;

import java.util.ArrayList;
import java.util.List;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

/**
 * One page of a long list, and the links of the GOV.UK pagination component ({@code fragments/pagination}) to the
 * others. Each link is the current request's address with only its {@code page} changed, so a filtered list stays
 * filtered; the links are made while the page renders, inside its request.
 *
 * @param page 1-based, within 1..pages
 */
public record Paging(int page, int pages, long total, int size) {

    /** A numbered link; {@code null} in {@link #items()} stands for an ellipsis. */
    public record Item(int number, String href, boolean current) {
    }

    /** The page a 1-based request asks for, kept within the pages there are. */
    public static Paging of(int requested, long total, int size) {
        int pages = (int) Math.max(1, (total + size - 1) / size);
        return new Paging(Math.min(Math.max(1, requested), pages), pages, total, size);
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

    public String previous() {
        return page > 1 ? href(page - 1) : null;
    }

    public String next() {
        return page < pages ? href(page + 1) : null;
    }

    /** The first page, the last, and the current one's neighbours, with an ellipsis for each gap. */
    public List<Item> items() {
        List<Item> items = new ArrayList<>();
        for (int n = 1; n <= pages; n++) {
            if (n == 1 || n == pages || Math.abs(n - page) <= 1) {
                items.add(new Item(n, href(n), n == page));
            } else if (items.get(items.size() - 1) != null) {
                items.add(null);
            }
        }
        return items;
    }

    private static String href(int page) {
        // the request's own query, still encoded as it came, with only the page replaced
        UriComponents link = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page).build();
        return link.getPath() + "?" + link.getQuery();
    }
}
