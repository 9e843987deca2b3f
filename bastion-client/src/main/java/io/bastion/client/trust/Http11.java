package io.bastion.client.trust;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 (RFC 9112) as a client writes a request and reads its answer over a byte stream it owns: Content-Length
 * and chunked bodies, a body delimited by the connection's end, every size bounded. Not thread-safe: one exchange at
 * a time, which {@link PskChannel} ensures.
 */
final class Http11 {
    /** A oneM2M answer (a discovery result, say) may be large; beyond this it is refused. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    /** The status line and header fields together. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_FIELDS = 200;

    /** What was read, and whether the connection stays usable afterwards. */
    record Read(HttpAnswer answer, boolean keepAlive) {
    }

    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;

    Http11(InputStream in) {
        this.in = in;
    }

    static void write(OutputStream out, String method, String host, String path, Map<String, String> headers,
                      byte[] body) throws IOException {
        if (!method.matches("[A-Z]{1,16}")) {
            throw new IllegalArgumentException("not an HTTP method: " + method);
        }
        if (path.isEmpty() || path.charAt(0) != '/' || !printable(path)) {
            throw new IllegalArgumentException("a request-target is an absolute path of printable characters");
        }
        StringBuilder h = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String n = e.getKey();
            String v = e.getValue();
            if (!n.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || v == null || v.indexOf('\r') >= 0
                    || v.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("not a valid header field: " + n);
            }
            if (n.equalsIgnoreCase("Content-Length") || n.equalsIgnoreCase("Transfer-Encoding")) {
                continue; // this side frames the body
            }
            hasHost |= n.equalsIgnoreCase("Host");
            h.append(n).append(": ").append(v).append("\r\n");
        }
        if (!hasHost) {
            h.append("Host: ").append(host).append("\r\n");
        }
        byte[] b = body == null ? new byte[0] : body;
        if (b.length > 0 || method.equals("POST") || method.equals("PUT")) {
            h.append("Content-Length: ").append(b.length).append("\r\n");
        }
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        out.flush();
    }

    /** Reads one answer to a request made with {@code method}; throws on anything malformed or too large. */
    Read read(String method) throws IOException {
        int[] headBudget = {MAX_HEAD_BYTES};
        String status = line(headBudget);
        // RFC 9112 4: HTTP-version SP status-code SP [reason-phrase]
        if (!status.matches("HTTP/1\\.[01] [1-9][0-9]{2}( .*)?")) {
            throw new IOException("not an HTTP/1.1 status line: " + excerpt(status));
        }
        boolean http10 = status.startsWith("HTTP/1.0");
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int n = 0;
        for (String l = line(headBudget); !l.isEmpty(); l = line(headBudget)) {
            int colon = l.indexOf(':');
            if (colon <= 0 || ++n > MAX_FIELDS || l.charAt(0) == ' ' || l.charAt(0) == '\t') {
                throw new IOException("malformed or too many header fields in the answer");
            }
            fields.computeIfAbsent(l.substring(0, colon), k -> new ArrayList<>()).add(l.substring(colon + 1).strip());
        }
        if (code < 200) {
            return read(method); // an interim answer (100 Continue): the final one follows
        }
        HttpAnswer head = new HttpAnswer(code, fields, null);
        String connection = lower(head.header("Connection"));
        boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        byte[] body;
        String te = lower(head.header("Transfer-Encoding"));
        String cl = head.header("Content-Length");
        if (method.equals("HEAD") || code == 204 || code == 304) {
            body = new byte[0];
        } else if (!te.isEmpty()) {
            if (!te.equals("chunked")) {
                throw new IOException("unsupported transfer coding in the answer: " + excerpt(te));
            }
            body = chunked();
        } else if (cl != null) {
            body = fixed(length(cl, fields));
        } else {
            body = untilEnd();
            keepAlive = false;
        }
        return new Read(new HttpAnswer(code, fields, body), keepAlive);
    }

    private static long length(String cl, Map<String, List<String>> fields) throws IOException {
        for (Map.Entry<String, List<String>> e : fields.entrySet()) {
            if (e.getKey().equalsIgnoreCase("Content-Length") && e.getValue().stream().distinct().count() > 1) {
                throw new IOException("conflicting Content-Length fields in the answer");
            }
        }
        if (!cl.matches("[0-9]{1,18}")) {
            throw new IOException("malformed Content-Length in the answer: " + excerpt(cl));
        }
        return Long.parseLong(cl);
    }

    private byte[] fixed(long length) throws IOException {
        if (length > MAX_BODY_BYTES) {
            throw new IOException("the answer's body (" + length + " bytes) exceeds " + MAX_BODY_BYTES + " bytes");
        }
        byte[] b = new byte[(int) length];
        int off = 0;
        while (off < b.length) {
            if (pos == lim && !fill()) {
                throw new EOFException("the connection ended inside the answer's body");
            }
            int k = Math.min(lim - pos, b.length - off);
            System.arraycopy(buf, pos, b, off, k);
            pos += k;
            off += k;
        }
        return b;
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] budget = {MAX_HEAD_BYTES};
        while (true) {
            String size = line(budget);
            int semi = size.indexOf(';');
            String hex = (semi < 0 ? size : size.substring(0, semi)).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,8}")) {
                throw new IOException("malformed chunk size in the answer: " + excerpt(hex));
            }
            long k = Long.parseLong(hex, 16);
            if (k == 0) {
                while (!line(budget).isEmpty()) {
                    // trailer fields: not used by TS-0009
                }
                return out.toByteArray();
            }
            if (out.size() + k > MAX_BODY_BYTES) {
                throw new IOException("the answer's body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            out.write(fixed(k));
            if (!line(budget).isEmpty()) {
                throw new IOException("a chunk of the answer does not end with CRLF");
            }
        }
    }

    private byte[] untilEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (pos < lim || fill()) {
            if (out.size() + (lim - pos) > MAX_BODY_BYTES) {
                throw new IOException("the answer's body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            out.write(buf, pos, lim - pos);
            pos = lim;
        }
        return out.toByteArray();
    }

    /** One line without its CRLF (a bare LF is accepted, RFC 9112 2.2), charged to {@code budget}. */
    private String line(int[] budget) throws IOException {
        StringBuilder s = new StringBuilder();
        while (true) {
            if (pos == lim && !fill()) {
                throw new EOFException(s.isEmpty() ? "the connection ended before an answer"
                        : "the connection ended inside the answer's header");
            }
            char c = (char) (buf[pos++] & 0xff);
            if (--budget[0] < 0) {
                throw new IOException("the answer's header exceeds " + MAX_HEAD_BYTES + " bytes");
            }
            if (c == '\n') {
                int end = s.length();
                return end > 0 && s.charAt(end - 1) == '\r' ? s.substring(0, end - 1) : s.toString();
            }
            s.append(c);
        }
    }

    private boolean fill() throws IOException {
        int k = in.read(buf, 0, buf.length);
        if (k <= 0) {
            return false;
        }
        pos = 0;
        lim = k;
        return true;
    }

    /** Whether bytes of a next answer are already buffered (a server answering what was not asked). */
    boolean hasBuffered() {
        return pos < lim;
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    static String excerpt(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
