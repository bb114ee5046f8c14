package org.safeguarding.hub.routes.email;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
        // each byte at most three characters, and a soft line break (three) for every 25 bytes at worst
        byte[] out = new byte[in.length * 3 + (in.length / 25 + 1) * 3];
        int at = 0;
        int column = 0;
        for (int i = 0; i < in.length; i++) {
            int b = in[i] & 0xff;
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                out[at++] = '\r';
                out[at++] = '\n';
                column = 0;
                continue;
            }
            // white space is literal unless it ends a line, where a mail system may strip it
            boolean endsLine = i + 1 == in.length || in[i + 1] == '\r' || in[i + 1] == '\n';
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !endsLine);
            int width = literal ? 1 : 3;
            // room for what follows on this line: a soft break's '=' unless this is the line's last character
            if (column + width > (endsLine ? LINE : LINE - 1)) {
                out[at++] = '=';
                out[at++] = '\r';
                out[at++] = '\n';
                column = 0;
            }
            if (literal) {
                out[at++] = (byte) b;
            } else {
                out[at++] = '=';
                out[at++] = HEX[b >> 4];
                out[at++] = HEX[b & 0x0f];
            }
            column += width;
        }
        return Arrays.copyOf(out, at);
    }
}
