package org.safeguarding.hub.directory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Directory files are at most {@code hub.directory.max-upload-size}. The API ({@code POST /api/v1/directory/**}, a
 * raw CSV body) answers 413 for a larger Content-Length, and stops reading a body without one when it passes the
 * limit. The import page's multipart form is refused from its Content-Length, before Spring Security: its CSRF check
 * reads the form, and a form over the multipart limit reads as one without a token (a bare 403). It is sent back to
 * the import page, which says the file is too large beside the file field.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class UploadLimit extends OncePerRequestFilter {

    static final String IMPORT_PAGE = "/directory/import";
    private static final String API = "/api/v1/directory/";

    private final long limit;
    private final String limitText;

    UploadLimit(HubProperties hub) {
        this.limit = hub.directory().maxUploadSize().toBytes();
        this.limitText = hub.directory().maxUploadSizeText();
    }

    /** What the import page says beside the file field. */
    static String pageMessage(HubProperties hub) {
        return "The selected file must be smaller than " + hub.directory().maxUploadSizeText();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"POST".equals(request.getMethod()) || !(path.equals(IMPORT_PAGE) || path.startsWith(API));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean tooLarge = request.getContentLengthLong() > limit;
        if (!request.getRequestURI().startsWith(API)) {
            if (tooLarge) {
                // the query string, not the form: reading the form would read the file
                String kind = UriComponentsBuilder.fromUriString("?" + request.getQueryString()).build()
                        .getQueryParams().getFirst("kind");
                response.setStatus(HttpStatus.SEE_OTHER.value());
                response.setHeader("Location", IMPORT_PAGE + "?tooLarge&kind="
                        + ("contacts".equals(kind) || "mis-endpoints".equals(kind) ? kind : "schools"));
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (tooLarge) {
            response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"title\":\"Payload Too Large\",\"status\":413,\"detail\":\"" + apiMessage()
                    + "\"}");
            return;
        }
        chain.doFilter(new LimitedBody(request, limit, apiMessage()), response);
    }

    private String apiMessage() {
        return "The file must be smaller than " + limitText + " (hub.directory.max-upload-size)";
    }

    /** Thrown while reading a body that passes the limit; answered as 413 with the message. */
    static final class TooLarge extends ResponseStatusException {
        TooLarge(String message) {
            super(HttpStatus.PAYLOAD_TOO_LARGE, message);
        }
    }

    /** The request whose body stops at the limit. */
    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final ServletInputStream body;

        LimitedBody(HttpServletRequest request, long limit, String message) throws IOException {
            super(request);
            ServletInputStream in = request.getInputStream();
            this.body = new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    int n = in.read(buffer, off, len);
                    count(Math.max(n, 0));
                    return n;
                }

                private void count(int n) {
                    read += n;
                    if (read > limit) {
                        throw new TooLarge(message);
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }

        @Override
        public ServletInputStream getInputStream() {
            return body;
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(body, charset));
        }
    }
}
