package org.safeguarding.hub.routes.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Quoted-printable (RFC 2045 section 6.7) of a text's UTF-8 bytes, written into one array. Jakarta Mail's encoder
 * stream does the same a byte at a time through the SMTP connection's stream chain, which was the largest single cost
 * of sending an email (FanoutBenchmark's profile); the encoded part is then written whole.
 */
final class QuotedPrintable {

    /** Characters on an encoded line, the soft line break's '=' included. */
    private static final int LINE = 76;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private QuotedPrintable() {
    }

    /** Line breaks in {@code text} (CRLF, LF or CR) become CRLF; longer lines get soft line breaks. */
    static byte[] encode(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 8 + 16);
        int column = 0;
        for (int i = 0; i < in.length; i++) {
            int b = in[i] & 0xff;
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                out.write('\r');
                out.write('\n');
                column = 0;
                continue;
            }
            // white space is literal unless it ends a line, where a mail system may strip it
            boolean endsLine = i + 1 == in.length || in[i + 1] == '\r' || in[i + 1] == '\n';
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !endsLine);
            int width = literal ? 1 : 3;
            // room for what follows on this line: a soft break's '=' unless this is the line's last character
            if (column + width > (endsLine ? LINE : LINE - 1)) {
                out.write('=');
                out.write('\r');
                out.write('\n');
                column = 0;
            }
            if (literal) {
                out.write(b);
            } else {
                out.write('=');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 0x0f]);
            }
            column += width;
        }
        return out.toByteArray();
    }
}
