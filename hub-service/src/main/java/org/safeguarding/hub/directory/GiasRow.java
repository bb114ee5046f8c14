package org.safeguarding.hub.directory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.safeguarding.hub.directory.CsvUpload.Header;
import org.safeguarding.hub.directory.CsvUpload.Row;
import org.safeguarding.hub.directory.Establishment.Coded;

/**
 * Reads one establishment out of a GIAS CSV row. Columns are found by name, so the 2018 (133-column) and 2025
 * (139-column) layouts both work; values are cleaned of what spreadsheets do to them (leading zeros stripped from
 * codes and phone numbers).
 */
final class GiasRow {

    static final int MAX_NAME = 200;

    private GiasRow() {
    }

    /** Fails the whole file when it is not a GIAS establishment extract. */
    static void checkHeader(Header header) {
        if (!header.has("URN")) {
            throw new InvalidDirectoryFileException(
                    "The file has no URN column: it does not look like a GIAS establishment CSV");
        }
        if (!header.has("EstablishmentName")) {
            throw new InvalidDirectoryFileException(
                    "The file has no EstablishmentName column: it does not look like a GIAS establishment CSV");
        }
    }

    /** The establishment in this row, or the reason it cannot be imported. */
    static Parsed parse(Row row) {
        String urnText = row.get("URN");
        if (urnText == null) {
            return Parsed.rejected("URN is missing");
        }
        long urn;
        try {
            urn = Long.parseLong(urnText);
        } catch (NumberFormatException e) {
            return Parsed.rejected("URN '" + clip(urnText) + "' is not a number");
        }
        if (urn <= 0) {
            return Parsed.rejected("URN '" + clip(urnText) + "' is not a positive number");
        }
        String name = row.get("EstablishmentName");
        if (name == null) {
            return Parsed.rejected("EstablishmentName is missing for URN " + urn);
        }
        if (name.length() > MAX_NAME) {
            return Parsed.rejected("EstablishmentName is longer than " + MAX_NAME + " characters for URN " + urn);
        }
        Establishment establishment = new Establishment(urn, name,
                coded(row, "LA"),
                coded(row, "DistrictAdministrative"),
                coded(row, "PhaseOfEducation"),
                coded(row, "TypeOfEstablishment"),
                coded(row, "EstablishmentTypeGroup"),
                coded(row, "EstablishmentStatus"),
                postcode(row.get("Postcode")),
                limit(row.get("Town"), 120),
                telephone(row.get("TelephoneNum")),
                limit(row.get("SchoolWebsite"), 300),
                limit(headName(row), 200),
                null);
        return new Parsed(establishment, null);
    }

    private static Coded coded(Row row, String column) {
        String code = code(row.get(column + " (code)"));
        String name = limit(row.get(column + " (name)"), 120);
        return code == null && name == null ? null : new Coded(code, name);
    }

    /** GIAS codes are numbers; a spreadsheet turns "02" into "2". Store them without leading zeros. */
    static String code(String raw) {
        if (raw == null) {
            return null;
        }
        if (raw.chars().allMatch(Character::isDigit)) {
            String stripped = raw.replaceFirst("^0+(?=.)", "");
            return limit(stripped, 10);
        }
        return limit(raw, 10);
    }

    /** A UK number saved through a spreadsheet loses its leading 0 ("2072831147"): put it back. */
    static String telephone(String raw) {
        if (raw == null) {
            return null;
        }
        String digits = raw.replaceAll("[\\s()-]", "");
        if (digits.matches("[1-9]\\d{8,9}")) {
            return "0" + digits;
        }
        return limit(raw, 30);
    }

    static String postcode(String raw) {
        return raw == null ? null : limit(raw.toUpperCase(Locale.ROOT).replaceAll("\\s+", " "), 12);
    }

    private static String headName(Row row) {
        StringJoiner name = new StringJoiner(" ");
        Stream.of(row.get("HeadTitle (name)"), row.get("HeadFirstName"), row.get("HeadLastName"))
                .filter(part -> part != null && !part.equalsIgnoreCase("Not applicable"))
                .forEach(name::add);
        return name.length() == 0 ? null : name.toString();
    }

    private static String limit(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static String clip(String value) {
        return limit(value, 40);
    }

    /** A fingerprint of everything stored, so an unchanged row costs no write. */
    static String contentHash(Establishment e) {
        StringJoiner all = new StringJoiner("\u001f");
        all.add(Long.toString(e.urn())).add(e.name());
        for (Coded coded : new Coded[] {e.localAuthority(), e.district(), e.phase(), e.type(), e.typeGroup(), e.status()}) {
            all.add(coded == null ? "" : coded.code() + "\u001e" + coded.name());
        }
        Stream.of(e.postcode(), e.town(), e.telephone(), e.website(), e.headName())
                .forEach(v -> all.add(String.valueOf(v)));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(all.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e1) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e1);
        }
    }

    record Parsed(Establishment establishment, String rejection) {

        static Parsed rejected(String reason) {
            return new Parsed(null, reason);
        }
    }
}
