package io.bastion.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The bodies of the {@code refuse-hostile} scenario: 1 MiB each (the CSE's default body limit), each built to make a
 * parser work harder than its size suggests, each to be refused with 4000 at the cost of reading it (issue 9 #11).
 */
final class HostileBodies {
    static final int SIZE = 1024 * 1024;

    /** One kind of hostile body: its name, the Content-Type it is sent with, and its bytes. */
    record Body(String name, String contentType, byte[] bytes) {
    }

    private HostileBodies() {
    }

    /** Every kind, each sent as an AE registration ({@code ty=2}) by an anonymous client. */
    static List<Body> all() {
        return List.of(
                new Body("cbor-tags", "application/cbor;ty=2", cborTagBomb()),
                new Body("cbor-nesting", "application/cbor;ty=2", filled(0x81)),
                new Body("json-nesting", "application/json;ty=2", filled('[')),
                new Body("json-digits", "application/json;ty=2", jsonDigits()),
                new Body("json-values", "application/json;ty=2", jsonValues()),
                new Body("xml-entities", "application/xml;ty=2", xmlEntities()),
                new Body("xml-nesting", "application/xml;ty=2", xmlNesting()),
                new Body("xml-elements", "application/xml;ty=2", xmlElements()));
    }

    /** Tag 6 over and over, then an empty map: Jackson's tag list made this quadratic (28 s of CPU). */
    static byte[] cborTagBomb() {
        byte[] b = filled(0xC6);
        b[SIZE - 1] = (byte) 0xA0;
        return b;
    }

    /** One number of about a million digits as the AE's name. */
    private static byte[] jsonDigits() {
        byte[] b = filled('9');
        byte[] head = "{\"m2m:ae\":{\"rn\":".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, head.length);
        b[SIZE - 2] = '}';
        b[SIZE - 1] = '}';
        return b;
    }

    /** Half a million zeros as labels: a large tree out of a small body. */
    private static byte[] jsonValues() {
        StringBuilder s = new StringBuilder(SIZE).append("{\"m2m:ae\":{\"lbl\":[");
        while (s.length() < SIZE - 5) {
            s.append("0,");
        }
        s.append('0');
        while (s.length() < SIZE - 3) {
            s.append(' ');
        }
        return s.append("]}}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A billion laughs whose DTD is padded to 1 MiB: refused at the DTD, before any entity is expanded. */
    static byte[] xmlEntities() {
        StringBuilder s = new StringBuilder(SIZE).append("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            s.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String tail = "]><m2m:ae xmlns:m2m=\"http://www.onem2m.org/xml/protocols\"><lbl>&l9;</lbl></m2m:ae>";
        while (s.length() < SIZE - tail.length()) {
            s.append(' ');
        }
        return s.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Elements nested a quarter of a million deep. */
    private static byte[] xmlNesting() {
        StringBuilder s = new StringBuilder(SIZE).append("<m2m:ae xmlns:m2m=\"http://www.onem2m.org/xml/protocols\">");
        while (s.length() < SIZE - 3) {
            s.append("<a>");
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A quarter of a million empty elements: a large tree out of a small body. */
    private static byte[] xmlElements() {
        StringBuilder s = new StringBuilder(SIZE).append("<m2m:ae xmlns:m2m=\"http://www.onem2m.org/xml/protocols\">"
                + "<srv>");
        String end = "</srv></m2m:ae>";
        while (s.length() < SIZE - end.length() - 4) {
            s.append("<a/>");
        }
        return s.append(end).toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[SIZE];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
