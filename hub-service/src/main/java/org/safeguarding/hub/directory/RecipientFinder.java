package org.safeguarding.hub.directory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Resolves a {@link Targeting} to open establishments: those matching every kind given (LA, district, phase, type;
 * any value within a kind), plus the schools named by URN. Closed establishments are never recipients.
 */
@Component
public class RecipientFinder {

    /** How many schools without a safeguarding contact the preview lists by name, in each of its two lists. */
    static final int LISTED_WITHOUT_CONTACT = 500;

    private final NamedParameterJdbcTemplate named;

    RecipientFinder(NamedParameterJdbcTemplate named) {
        this.named = named;
    }

    public RecipientPreview preview(Targeting target) {
        if (target.isEmpty()) {
            return new RecipientPreview(0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }
        MapSqlParameterSource p = new MapSqlParameterSource();
        String where = where(target, p);
        Set<String> las = new TreeSet<>();
        Set<String> laCodes = new TreeSet<>();
        Set<String> phases = new TreeSet<>();
        Set<Long> found = new HashSet<>();
        List<SchoolSummary> toHead = new ArrayList<>();
        List<SchoolSummary> withoutContact = new ArrayList<>();
        int[] count = {0};
        named.query("""
                select e.urn, e.name, e.la_code, e.la_name, e.phase_name, e.type_name, e.status_name,
                  (select count(*) from safeguarding_contact c where c.urn = e.urn) as contacts,
                  (select count(*) from safeguarding_contact c
                     where c.urn = e.urn and c.role in ('DSL', 'DEPUTY_DSL')) as safeguarding_contacts,
                  (select count(*) from safeguarding_contact c where c.urn = e.urn and c.role = 'HEAD') as heads
                from establishment e""" + " where " + where + " order by e.name, e.urn", p, rs -> {
            count[0]++;
            long urn = rs.getLong("urn");
            found.add(urn);
            if (rs.getString("la_name") != null) {
                las.add(rs.getString("la_name"));
            }
            if (rs.getString("la_code") != null) {
                laCodes.add(rs.getString("la_code"));
            }
            if (rs.getString("phase_name") != null) {
                phases.add(rs.getString("phase_name"));
            }
            // with no DSL or deputy on record the hub alerts the head (DSL, else deputy, else head); with no head either, nobody
            List<SchoolSummary> list = rs.getInt("heads") > 0 ? toHead : withoutContact;
            if (rs.getInt("safeguarding_contacts") == 0 && list.size() < LISTED_WITHOUT_CONTACT) {
                list.add(new SchoolSummary(urn, rs.getString("name"), rs.getString("la_name"),
                        rs.getString("phase_name"), rs.getString("type_name"), rs.getString("status_name"), true,
                        rs.getInt("contacts"), 0));
            }
        });
        List<Long> notOpen = target.urns().stream().filter(urn -> !found.contains(urn)).sorted().toList();
        return new RecipientPreview(count[0], List.copyOf(las), List.copyOf(laCodes), List.copyOf(phases), toHead, withoutContact,
                notOpen);
    }

    /**
     * Whether the targeting matches at least one open school: the first match answers it. Approval asks this, and the
     * preview's per-school counts took half a second for a whole region.
     */
    public boolean reachesAnySchool(Targeting target) {
        if (target.isEmpty()) {
            return false;
        }
        MapSqlParameterSource p = new MapSqlParameterSource();
        return !named.queryForList("select e.urn from establishment e where " + where(target, p) + " limit 1", p,
                Long.class).isEmpty();
    }

    /** The SQL condition for the targeted, open establishments (alias {@code e}). */
    public static String where(Targeting target, MapSqlParameterSource p) {
        List<String> area = new ArrayList<>();
        in(area, p, "e.la_code", "las", target.localAuthorities());
        in(area, p, "e.district_name", "districts", target.districts());
        in(area, p, "e.phase_name", "phases", target.phases());
        in(area, p, "e.type_name", "types", target.establishmentTypes());
        List<String> any = new ArrayList<>();
        if (!area.isEmpty()) {
            any.add("(" + String.join(" and ", area) + ")");
        }
        if (!target.urns().isEmpty()) {
            any.add("e.urn in (:urns)");
            p.addValue("urns", target.urns());
        }
        if (any.isEmpty()) {
            return "1 = 0";
        }
        return DirectoryRepository.OPEN + " and (" + String.join(" or ", any) + ")";
    }

    private static void in(List<String> conditions, MapSqlParameterSource p, String column, String name,
            List<String> values) {
        if (!values.isEmpty()) {
            conditions.add(column + " in (:" + name + ")");
            p.addValue(name, values);
        }
    }
}
