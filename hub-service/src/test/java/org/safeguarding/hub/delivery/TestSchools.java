package org.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.directory.DirectoryFiles.CONTACTS_HEADER;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_HEADER;
import static org.safeguarding.hub.directory.DirectoryFiles.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.springframework.context.ApplicationContext;

/**
 * The schools of one local authority for a fan-out test, imported through the directory's own CSV imports: open
 * schools with a DSL, a deputy and a head (the email goes to the DSL and deputy), one open school with only a head
 * (it goes to the head), one open school whose only contact has no email (unreachable), and two closed schools with
 * contacts (never recipients).
 */
public record TestSchools(String laCode, Map<Long, Set<String>> emailedTo, long unreachable, long headOnly, List<Long> closed) {

    /** @param withLeads open schools with a DSL and deputy; the LA then has {@code withLeads + 2} open schools */
    public static TestSchools importInto(ApplicationContext context, String laCode, long firstUrn, int withLeads) {
        return importInto(context, laCode, firstUrn, withLeads, urn -> List.of());
    }

    /**
     * As above, and each open school's further contacts (e.g. its local authority's safeguarding team), as CSV rows
     * {@code Role,Name,Email,Mobile} without the URN.
     */
    public static TestSchools importInto(ApplicationContext context, String laCode, long firstUrn, int withLeads,
            Function<Long, List<String>> moreContacts) {
        List<String> schools = new ArrayList<>(List.of(GIAS_HEADER));
        List<String> contacts = new ArrayList<>(List.of(CONTACTS_HEADER));
        Map<Long, Set<String>> emailedTo = new TreeMap<>();
        long urn = firstUrn;
        for (int i = 0; i < withLeads; i++, urn++) {
            schools.add(school(urn, laCode, true));
            contacts.add(urn + ",DSL,Dana Lead " + urn + "," + address("dsl", urn) + ",07700 900" + (100 + i));
            contacts.add(urn + ",DEPUTY_DSL,Dev Deputy " + urn + "," + address("deputy", urn) + ",");
            contacts.add(urn + ",HEAD,Hal Head " + urn + "," + address("head", urn) + ",");
            emailedTo.put(urn, Set.of(address("dsl", urn), address("deputy", urn)));
        }
        long headOnly = urn++;
        schools.add(school(headOnly, laCode, true));
        contacts.add(headOnly + ",HEAD,Hana Head," + address("head", headOnly) + ",");
        emailedTo.put(headOnly, Set.of(address("head", headOnly)));
        long unreachable = urn++;
        schools.add(school(unreachable, laCode, true));
        contacts.add(unreachable + ",DSL,Noel Nomail,,07700 900999");
        for (long open = firstUrn; open < urn; open++) {
            long school = open;
            moreContacts.apply(school).forEach(row -> contacts.add(school + "," + row));
        }
        List<Long> closed = List.of(urn++, urn++);
        for (long shut : closed) {
            schools.add(school(shut, laCode, false));
            contacts.add(shut + ",DSL,Cleo Closed," + address("dsl", shut) + ",");
        }
        load(context, schools, contacts);
        return new TestSchools(laCode, emailedTo, unreachable, headOnly, closed);
    }

    /**
     * After the fact: opens a new school of the LA with a DSL (who would be emailed, were the school targeted now),
     * or closes one ({@code open} false; its contacts stay, as the directory keeps them).
     */
    public void changeSchool(ApplicationContext context, long urn, boolean open) {
        List<String> contacts = new ArrayList<>(List.of(CONTACTS_HEADER));
        if (open) {
            contacts.add(urn + ",DSL,Nia Newcomer," + address("dsl", urn) + ",");
        }
        load(context, List.of(GIAS_HEADER, school(urn, laCode, open)), contacts);
    }

    private static void load(ApplicationContext context, List<String> schools, List<String> contacts) {
        try {
            var schoolReport = context.getBean(EstablishmentImport.class).importCsv(csv(schools.toArray(String[]::new)));
            assertThat(schoolReport.rejected()).as("schools rejected").isEmpty();
            if (contacts.size() > 1) {
                var contactReport = context.getBean(ContactImport.class).importCsv(csv(contacts.toArray(String[]::new)));
                assertThat(contactReport.rejected()).as("contacts rejected").isEmpty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Open schools in the LA, the unreachable one included. */
    int open() {
        return emailedTo.size() + 1;
    }

    /** Every address of the LA's schools that must never get the alert: closed schools, heads where there are leads. */
    Set<String> neverEmailed() {
        Set<String> never = closed.stream().map(urn -> address("dsl", urn)).collect(Collectors.toSet());
        emailedTo.keySet().stream().filter(urn -> urn != headOnly).forEach(urn -> never.add(address("head", urn)));
        return never;
    }

    public static String address(String role, long urn) {
        return role + "@school" + urn + ".sch.example";
    }

    private static String school(long urn, String laCode, boolean open) {
        return "%d,%s,Testshire %s,Test School %d,1,Community school,%s,%s,2,Primary,,TE1 1ST".formatted(
                urn, laCode, laCode, urn, open ? "1" : "2", open ? "Open" : "Closed");
    }
}
