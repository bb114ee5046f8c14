package org.safeguarding.hub.directory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.safeguarding.hub.support.SharedData;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Directory files for the tests: the real GIAS extracts in ../shared/data, and small files written in the test. */
public final class DirectoryFiles {

    /** 99 rows, 2025 layout (139 columns), re-saved through a spreadsheet: no quotes, leading zeros stripped. */
    static final String GIAS_SAMPLE = "gias/npq-registration_gias_sample.csv";
    /** One row (URN 100000) in the raw quoted style: renamed, and a head teacher added. */
    static final String GIAS_UPDATE = "gias/npq-registration_gias_update.csv";
    /** 4 rows, 2018 layout (133 columns), every field quoted, codes "02". */
    static final String EDUBASE_2018 = "gias/schools-experience_edubase_sample.csv";
    /** The real GIAS "links" extract: a GIAS file, but not an establishment file. */
    static final String GIAS_LINKS = "gias/links_edubasealldata20250422.csv";

    /** The columns of a small GIAS file, in GIAS's spelling; Street is one the hub does not store. */
    public static final String GIAS_HEADER = "URN,LA (code),LA (name),EstablishmentName,TypeOfEstablishment (code),"
            + "TypeOfEstablishment (name),EstablishmentStatus (code),EstablishmentStatus (name),"
            + "PhaseOfEducation (code),PhaseOfEducation (name),Street,Postcode";

    public static final String CONTACTS_HEADER = "URN,Role,Name,Email,Mobile";

    private DirectoryFiles() {
    }

    static InputStream shared(String relative) throws IOException {
        return new ByteArrayInputStream(SharedData.bytes(relative));
    }

    /** The lines joined with CRLF, as GIAS and spreadsheets on Windows write them, in UTF-8 without BOM. */
    public static InputStream csv(String... lines) {
        return encoded(StandardCharsets.UTF_8, lines);
    }

    static InputStream encoded(Charset charset, String... lines) {
        return new ByteArrayInputStream(crlf(lines).getBytes(charset));
    }

    static String crlf(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    /** An empty directory, so each test counts only what it imports. */
    /** Empties the directory, and what refers to its schools (other tests in the same context send alerts). */
    static void clear(JdbcClient jdbc) {
        jdbc.sql("delete from acknowledgement").update();
        jdbc.sql("delete from acknowledgement_link").update();
        jdbc.sql("delete from delivery").update();
        jdbc.sql("delete from safeguarding_contact").update();
        jdbc.sql("delete from establishment").update();
    }
}
