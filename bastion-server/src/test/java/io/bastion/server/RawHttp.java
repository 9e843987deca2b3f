package io.bastion.server;

import io.bastion.server.it.M2m;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written and read by hand over a test's own secured stream (a JSSE socket, Bouncy Castle's TLS-PSK
 * stream), so that every request provably goes over one connection: oneM2M request headers, Content-Length framed
 * responses as the CSE answers.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** Writes one JSON request; {@code originator}, {@code ty} and {@code body} may be null. */
    public static void write(OutputStream out, String host, String rqi, String method, String path, String originator,
            Integer ty, String body) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n")
                .append("X-M2M-RI: ").append(rqi).append("\r\nX-M2M-RVI: 3\r\nAccept: application/json\r\n");
        if (originator != null) {
            h.append("X-M2M-Origin: ").append(originator).append("\r\n");
        }
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            h.append("Content-Type: application/json").append(ty != null ? ";ty=" + ty : "").append("\r\n");
        }
        h.append("Content-Length: ").append(b.length).append("\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    /** Reads one response, header names in lower case; {@code request} says which request it answers. */
    public static M2m.Rsp read(InputStream in, String request) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0; // how much of the CRLF CRLF that ends the headers has been read
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before the response headers ended");
            }
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (c == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        int len = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(len);
        return new M2m.Rsp(request, status, headers, new String(body, StandardCharsets.UTF_8));
    }
}
