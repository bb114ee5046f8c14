package org.safeguarding.hub.directory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * An uploaded CSV file, read row by row in bounded memory. The body is spooled to a temporary file first so its
 * encoding can be decided from all of it: UTF-8 (with or without BOM) when every byte sequence is valid UTF-8,
 * otherwise Windows-1252, which is what the live GIAS download and spreadsheets on Windows produce.
 */
final class CsvUpload implements AutoCloseable {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final Path spooled;
    private final Charset charset;

    private CsvUpload(Path spooled, Charset charset) {
        this.spooled = spooled;
        this.charset = charset;
    }

    static CsvUpload spool(InputStream body) throws IOException {
        Path file = Files.createTempFile("hub-upload-", ".csv");
        try {
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            return new CsvUpload(file, isUtf8(file) ? StandardCharsets.UTF_8 : WINDOWS_1252);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    Charset charset() {
        return charset;
    }

    /**
     * Reads the header, then hands each data row to {@code rowHandler} with the file line it starts on (the
     * header is line 1). Header names are matched loosely: case, spaces and a BOM do not matter.
     *
     * @throws IOException when the file cannot be read as CSV at all (the parser names the place)
     */
    void read(Consumer<Header> headerHandler, RowHandler rowHandler) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setTrim(true).get();
        try (Reader reader = openReader(); CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            CSVRecord first = null;
            while (first == null && records.hasNext()) {
                CSVRecord candidate = records.next();
                first = isBlank(candidate) ? null : candidate;
            }
            if (first == null) {
                throw new IOException("The file is empty: it needs a header row");
            }
            Header header = Header.of(List.of(first.values()));
            headerHandler.accept(header);
            long linesConsumed = parser.getCurrentLineNumber();
            while (records.hasNext()) {
                CSVRecord record;
                try {
                    record = records.next();
                } catch (RuntimeException malformed) {
                    // commons-csv reports a broken quote as UncheckedIOException; the rest of the file is unreadable
                    throw new IOException("The CSV is malformed after line " + linesConsumed + ": "
                            + malformed.getMessage(), malformed);
                }
                long startLine = linesConsumed + 1;
                linesConsumed = parser.getCurrentLineNumber();
                if (isBlank(record)) {
                    continue;
                }
                rowHandler.row(new Row(header, List.of(record.values()), startLine));
            }
        }
    }

    /** Blank lines are skipped here, not by commons-csv, which would leave them out of the line count. */
    private static boolean isBlank(CSVRecord record) {
        return record.size() == 1 && record.get(0).isEmpty();
    }

    private Reader openReader() throws IOException {
        BufferedReader reader = Files.newBufferedReader(spooled, charset);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(spooled);
    }

    private static boolean isUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        try (InputStream bytes = Files.newInputStream(file)) {
            byte[] chunk = new byte[32 * 1024];
            int read;
            while ((read = bytes.read(chunk)) != -1) {
                in.put(chunk, 0, read).flip();
                if (decoder.decode(in, out, false).isError()) {
                    return false;
                }
                in.compact();
                out.clear();
            }
            in.flip();
            if (decoder.decode(in, out, true).isError()) {
                return false;
            }
            return !decoder.flush(out).isError();
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @FunctionalInterface
    interface RowHandler {
        void row(Row row);
    }

    /** Column positions by loosely matched name. */
    record Header(Map<String, Integer> positions, int width) {

        static Header of(List<String> names) {
            Map<String, Integer> positions = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                positions.putIfAbsent(normalise(names.get(i)), i);
            }
            return new Header(positions, names.size());
        }

        /** The first of {@code names} that the file has. */
        Optional<Integer> find(String... names) {
            for (String name : names) {
                Integer position = positions.get(normalise(name));
                if (position != null) {
                    return Optional.of(position);
                }
            }
            return Optional.empty();
        }

        boolean has(String... names) {
            return find(names).isPresent();
        }

        static String normalise(String name) {
            return name.replace("\uFEFF", "").replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        }
    }

    /** One data row; absent and blank cells both read as null. */
    record Row(Header header, List<String> values, long line) {

        String get(String... names) {
            return header.find(names)
                    .filter(i -> i < values.size())
                    .map(values::get)
                    .map(String::strip)
                    .filter(v -> !v.isEmpty())
                    .orElse(null);
        }
    }
}
