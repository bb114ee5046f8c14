package org.safeguarding.hub.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.directory.DirectoryFiles.CONTACTS_HEADER;
import static org.safeguarding.hub.directory.DirectoryFiles.GIAS_HEADER;
import static org.safeguarding.hub.directory.DirectoryFiles.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.springframework.context.ApplicationContext;

/**
 * The schools of one local authority for an SMS test, through the directory's own imports. Who each school's text
 * goes to ({@link #textedTo}, national format): its DSL's mobile; a deputy's where the DSL has none; the head's where
 * only the head has one; one trust DSL's mobile shared by three schools; plus {@code extra} schools with a number of
 * their own, a school with no mobile at all ({@link #unreachable}), and a closed school (never a recipient).
 */
public record SmsSchools(String laCode, Map<Long, String> textedTo, String sharedMobile, List<Long> sharing,
        long unreachable) {

    public static SmsSchools importInto(ApplicationContext context, String laCode, long firstUrn, int extra,
            String sharedMobile) {
        List<String> schools = new ArrayList<>(List.of(GIAS_HEADER));
        List<String> contacts = new ArrayList<>(List.of(CONTACTS_HEADER));
        Map<Long, String> textedTo = new TreeMap<>();
        long urn = firstUrn;
        String prefix = "07700" + laCode.substring(laCode.length() - 2);
        // the DSL's own mobile; the deputy and head have mobiles too, and get nothing
        schools.add(school(urn, laCode, true));
        contacts.add(urn + ",DSL,Dana Lead," + email("dsl", urn) + "," + prefix + "0001");
        contacts.add(urn + ",DEPUTY_DSL,Dev Deputy," + email("deputy", urn) + "," + prefix + "0002");
        contacts.add(urn + ",HEAD,Hal Head," + email("head", urn) + "," + prefix + "0003");
        textedTo.put(urn++, prefix + "0001");
        // a DSL without a mobile: the deputy's
        schools.add(school(urn, laCode, true));
        contacts.add(urn + ",DSL,Dora Desk," + email("dsl", urn) + ",");
        contacts.add(urn + ",DEPUTY_DSL,Dilys Deputy," + email("deputy", urn) + "," + prefix + "0004");
        contacts.add(urn + ",HEAD,Harry Head," + email("head", urn) + "," + prefix + "0005");
        textedTo.put(urn++, prefix + "0004");
        // only the head has a mobile
        schools.add(school(urn, laCode, true));
        contacts.add(urn + ",DSL,Della Desk," + email("dsl", urn) + ",");
        contacts.add(urn + ",HEAD,Hattie Head," + email("head", urn) + "," + prefix + "0006");
        textedTo.put(urn++, prefix + "0006");
        // a trust's central DSL for three schools: one number, one text
        List<Long> sharing = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            schools.add(school(urn, laCode, true));
            contacts.add(urn + ",DSL,Tess Trust," + email("trust", 0) + "," + sharedMobile);
            textedTo.put(urn, sharedMobile);
            sharing.add(urn++);
        }
        for (int i = 0; i < extra; i++) {
            schools.add(school(urn, laCode, true));
            String mobile = "07700" + String.format("%06d", (Long.parseLong(laCode) * 1000 + 100 + i) % 1_000_000);
            contacts.add(urn + ",DSL,Dee " + urn + "," + email("dsl", urn) + "," + mobile);
            textedTo.put(urn++, mobile);
        }
        long unreachable = urn++;
        schools.add(school(unreachable, laCode, true));
        contacts.add(unreachable + ",DSL,Nomo Bile," + email("dsl", unreachable) + ",");
        long closed = urn;
        schools.add(school(closed, laCode, false));
        contacts.add(closed + ",DSL,Cleo Closed," + email("dsl", closed) + "," + prefix + "0009");
        try {
            assertThat(context.getBean(EstablishmentImport.class).importCsv(csv(schools.toArray(String[]::new)))
                    .rejected()).isEmpty();
            assertThat(context.getBean(ContactImport.class).importCsv(csv(contacts.toArray(String[]::new)))
                    .rejected()).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SmsSchools(laCode, textedTo, sharedMobile, sharing, unreachable);
    }

    /** The distinct numbers texted: one text each. */
    public long numbers() {
        return textedTo.values().stream().distinct().count();
    }

    private static String email(String role, long urn) {
        return role + "@school" + urn + ".sch.example";
    }

    private static String school(long urn, String laCode, boolean open) {
        return "%d,%s,Testshire %s,Test School %d,1,Community school,%s,%s,2,Primary,,TE1 1ST".formatted(
                urn, laCode, laCode, urn, open ? "1" : "2", open ? "Open" : "Closed");
    }
}
