package org.safeguarding.hub.demo;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A fictional partnership area, generated, never copied: establishments in the GIAS CSV layout and their
 * safeguarding contacts in the contacts layout, so the demo and the import benchmark go through the real importers.
 * URNs start at 900001 (beyond real GIAS URNs); emails use the reserved {@code .example} domain; mobiles use
 * Ofcom's drama range (07700 900000-900999).
 */
public final class SyntheticDirectory {

    /** A fictional local authority (codes 991-993 are not real LA codes). */
    public record LocalAuthority(String code, String name, List<String> districts) {
    }

    public static final List<LocalAuthority> AREA = List.of(
            new LocalAuthority("991", "Wexbridge", List.of("Wexbridge Town", "Ashcombe Vale", "Fernley")),
            new LocalAuthority("992", "Hollingford", List.of("Hollingford", "Saltmarsh")),
            new LocalAuthority("993", "Marrowdale", List.of("Marrowdale North", "Marrowdale South", "Kesterton")));

    /** The GIAS columns the hub reads, in GIAS's own header spelling. */
    static final String[] GIAS_HEADER = {"URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
        "TypeOfEstablishment (code)", "TypeOfEstablishment (name)", "EstablishmentTypeGroup (code)",
        "EstablishmentTypeGroup (name)", "EstablishmentStatus (code)", "EstablishmentStatus (name)",
        "PhaseOfEducation (code)", "PhaseOfEducation (name)", "Street", "Town", "Postcode", "SchoolWebsite",
        "TelephoneNum", "HeadTitle (name)", "HeadFirstName", "HeadLastName", "DistrictAdministrative (code)",
        "DistrictAdministrative (name)"};

    private record Kind(int weight, String phaseCode, String phase, String typeCode, String type, String groupCode,
            String group, String suffix) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(40, "2", "Primary", "1", "Community school", "4", "Local authority maintained schools", "Primary School"),
            new Kind(12, "2", "Primary", "3", "Voluntary controlled school", "4", "Local authority maintained schools", "CE Primary School"),
            new Kind(10, "2", "Primary", "28", "Academy converter", "10", "Academies", "Primary Academy"),
            new Kind(3, "3", "Middle deemed primary", "1", "Community school", "4", "Local authority maintained schools", "Middle School"),
            new Kind(5, "4", "Secondary", "28", "Academy converter", "10", "Academies", "Academy"),
            new Kind(6, "4", "Secondary", "34", "Academy sponsor led", "10", "Academies", "High School"),
            new Kind(3, "1", "Nursery", "15", "Local authority nursery school", "4", "Local authority maintained schools", "Nursery School"),
            new Kind(1, "7", "All-through", "35", "Free schools", "11", "Free Schools", "All-Through School"),
            new Kind(3, "0", "Not applicable", "7", "Community special school", "5", "Special schools", "Special School"),
            new Kind(1, "0", "Not applicable", "10", "Pupil referral unit", "4", "Local authority maintained schools", "Learning Centre"),
            new Kind(2, "0", "Not applicable", "11", "Other independent school", "3", "Independent schools", "School"),
            new Kind(2, "6", "16 plus", "34", "Academy sponsor led", "10", "Academies", "Sixth Form College"));

    private static final String[] PLACE_START = {"Ash", "Bram", "Cold", "Dun", "Elm", "Fern", "Gold", "Hazel", "Iron",
        "Kings", "Lark", "Mill", "North", "Oak", "Pen", "Queens", "Rook", "Salt", "Thorn", "Wil", "Yew", "Brook",
        "Clay", "Harrow", "Lin", "Marsh", "Stan", "Wes"};
    private static final String[] PLACE_END = {"field", "ford", "wood", "bridge", "ley", "ton", "brook", "hurst",
        "wick", "stead", "combe", "mere", "dale", "gate", "holm"};
    private static final String[] GIVEN = {"Amara", "Ben", "Chloé", "Dafydd", "Eilidh", "Farah", "George", "Hannah",
        "Imran", "Jess", "Kofi", "Lena", "Mohammed", "Niamh", "Owen", "Priya", "Rhys", "Sofia", "Tomasz", "Yasmin"};
    private static final String[] FAMILY = {"Adeyemi", "Baker", "Campbell", "Davies", "Evans", "Fletcher", "Gill",
        "Hughes", "Iqbal", "Jones", "Khan", "Lewis", "Murphy", "Nowak", "O'Brien", "Patel", "Rees", "Singh", "Taylor",
        "Walsh"};
    private static final String[] TITLES = {"Mr", "Mrs", "Ms", "Dr", "Miss"};

    private final Random random;
    private final int totalWeight = KINDS.stream().mapToInt(Kind::weight).sum();

    public SyntheticDirectory(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Writes {@code count} establishments as a GIAS CSV and, when {@code contacts} is not null, their contacts.
     * About 3% are closed, and about 3% of the open ones have no DSL or deputy (the directory page flags them).
     */
    public void write(int count, Writer establishments, Writer contacts) throws IOException {
        CSVPrinter schools = CSVFormat.DEFAULT.builder().setHeader(GIAS_HEADER).setRecordSeparator("\r\n").get()
                .print(establishments);
        CSVPrinter people = contacts == null ? null
                : CSVFormat.DEFAULT.builder().setHeader("URN", "Role", "Name", "Email", "Mobile").get().print(contacts);
        for (int i = 0; i < count; i++) {
            long urn = 900001L + i;
            LocalAuthority la = AREA.get(i % AREA.size());
            String district = la.districts().get(random.nextInt(la.districts().size()));
            Kind kind = pickKind();
            String place = PLACE_START[random.nextInt(PLACE_START.length)] + PLACE_END[random.nextInt(PLACE_END.length)];
            String name = place + " " + kind.suffix();
            boolean closed = random.nextInt(100) < 3;
            String domain = slug(place) + "-" + urn + "." + slug(la.name()) + ".sch.example";
            String[] head = person();
            schools.printRecord(urn, la.code(), la.name(), 2000 + i % 8000, name, kind.typeCode(), kind.type(),
                    kind.groupCode(), kind.group(), closed ? "2" : "1", closed ? "Closed" : "Open", kind.phaseCode(),
                    kind.phase(), (1 + random.nextInt(120)) + " " + place + " Road", place, postcode(la),
                    "https://" + domain, "01632 96" + String.format(Locale.ROOT, "%04d", random.nextInt(10000)),
                    head[0], head[1], head[2], "E0" + la.code() + String.format(Locale.ROOT, "%04d",
                            la.districts().indexOf(district)), district);
            if (people != null && !closed) {
                writeContacts(people, urn, domain, la, head);
            }
        }
        schools.flush();
        if (people != null) {
            people.flush();
        }
    }

    private void writeContacts(CSVPrinter people, long urn, String domain, LocalAuthority la, String[] head)
            throws IOException {
        if (random.nextInt(100) >= 3) {
            String[] dsl = person();
            people.printRecord(urn, "DSL", dsl[1] + " " + dsl[2], "dsl@" + domain, mobile());
            if (random.nextInt(100) < 70) {
                String[] deputy = person();
                people.printRecord(urn, "DEPUTY_DSL", deputy[1] + " " + deputy[2], "deputy.dsl@" + domain, mobile());
            }
        }
        people.printRecord(urn, "HEAD", head[1] + " " + head[2], "head@" + domain, "");
        people.printRecord(urn, "LA_SAFEGUARDING", la.name() + " Education Safeguarding Team",
                "education.safeguarding@" + slug(la.name()) + ".gov.example", "");
    }

    private Kind pickKind() {
        int pick = random.nextInt(totalWeight);
        for (Kind kind : KINDS) {
            pick -= kind.weight();
            if (pick < 0) {
                return kind;
            }
        }
        throw new IllegalStateException("weights");
    }

    private String[] person() {
        return new String[] {TITLES[random.nextInt(TITLES.length)], GIVEN[random.nextInt(GIVEN.length)],
            FAMILY[random.nextInt(FAMILY.length)]};
    }

    private String mobile() {
        return "07700 900" + String.format(Locale.ROOT, "%03d", random.nextInt(1000));
    }

    private String postcode(LocalAuthority la) {
        String area = switch (la.code()) {
            case "991" -> "WX";
            case "992" -> "HF";
            default -> "MD";
        };
        return area + (1 + random.nextInt(19)) + " " + random.nextInt(10)
                + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26));
    }

    private static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
