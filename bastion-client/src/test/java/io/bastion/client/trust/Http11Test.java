package io.bastion.client.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 framing of {@link PskChannel}'s answers and requests, as tables of wire texts. */
class Http11Test {
    static Http11.Read read(String wire, String method) throws IOException {
        return new Http11(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1))).read(method);
    }

    @Test
    void answersAreFramedAsRfc9112Says() throws IOException {
        Object[][] cases = {
            // wire, method, status, body, keep-alive
            {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", "GET", 200, "hello", true},
            {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2;x=y\r\nlo\r\n0\r\nT: 1\r\n\r\n",
                "GET", 200, "hello", true},
            {"HTTP/1.1 201 Created\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", "POST", 201, "{}", false},
            {"HTTP/1.1 200 OK\r\n\r\nto the end", "GET", 200, "to the end", false},
            {"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", "GET", 200, "", false},
            {"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", "GET", 200, "", true},
            {"HTTP/1.1 204 No Content\r\n\r\n", "DELETE", 204, "", true},
            {"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", "HEAD", 200, "", true},
            {"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", "POST", 200, "x", true},
            {"HTTP/1.1 403 Forbidden\nX-M2M-RSC: 4103\nContent-Length: 2\n\nno", "GET", 403, "no", true},
        };
        for (Object[] c : cases) {
            Http11.Read r = read((String) c[0], (String) c[1]);
            assertThat(r.answer().status()).as((String) c[0]).isEqualTo(c[2]);
            assertThat(new String(r.answer().body(), StandardCharsets.ISO_8859_1)).as((String) c[0]).isEqualTo(c[3]);
            assertThat(r.keepAlive()).as((String) c[0]).isEqualTo(c[4]);
        }
        assertThat(read(cases[9][0].toString(), "GET").answer().header("x-m2m-rsc")).isEqualTo("4103");
    }

    @Test
    void malformedTruncatedOrOversizedAnswersAreRefusedNamingWhatIsWrong() {
        String big = "HTTP/1.1 200 OK\r\nContent-Length: " + (Http11.MAX_BODY_BYTES + 1) + "\r\n\r\n";
        String[][] cases = {
            {"", "ended before an answer"},
            {"SMTP ready\r\n\r\n", "not an HTTP/1.1 status line"},
            {"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "inside the answer's body"},
            {"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "Content-Length"},
            {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx", "conflicting Content-Length"},
            {"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "transfer coding"},
            {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk size"},
            {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxy\r\n0\r\n\r\n", "CRLF"},
            {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n800001\r\n", "exceeds"},
            {big, "exceeds"},
            {"HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "malformed"},
            {"HTTP/1.1 200 OK\r\nX: " + "a".repeat(Http11.MAX_HEAD_BYTES) + "\r\n\r\n", "header exceeds"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> read(c[0], "GET")).as(c[1]).isInstanceOf(IOException.class)
                    .hasMessageContaining(c[1]);
        }
    }

    @Test
    void aBodyUpToTheBoundIsRead() throws IOException {
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + Http11.MAX_BODY_BYTES + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + Http11.MAX_BODY_BYTES];
        System.arraycopy(head, 0, all, 0, head.length);
        Http11.Read r = new Http11(new ByteArrayInputStream(all)).read("GET");
        assertThat(r.answer().body()).hasSize(Http11.MAX_BODY_BYTES);
    }

    @Test
    void requestsAreWrittenWithHostAndLengthAndRefuseInjection() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-M2M-Origin", "Cphone");
        h.put("Content-Length", "999"); // framed by the writer, not the caller
        Http11.write(out, "POST", "maf.example:8094", "/maf", h, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("POST /maf HTTP/1.1\r\nX-M2M-Origin: Cphone"
                + "\r\nHost: maf.example:8094\r\nContent-Length: 2\r\n\r\n{}");
        assertThatThrownBy(() -> Http11.write(out, "GET", "h", "/a b", Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http11.write(out, "GET", "h", "/a", Map.of("X", "a\r\nEvil: 1"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http11.write(out, "get /x", "h", "/a", Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
