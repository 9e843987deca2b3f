package io.bastion.core.text;

/**
 * A short, printable excerpt of client input for error messages: bounded in length, with control characters and
 * lone halves of surrogate pairs replaced, so that a message can never carry a huge value, forge a line into a log or
 * a header, or hold text that no UTF-8 or CBOR answer could encode.
 */
public final class Excerpt {
    static final int MAX = 40;

    private Excerpt() {
    }

    public static String of(String s) {
        return of(s, MAX);
    }

    /** As {@link #of(String)}, at most {@code max} characters (e.g. another CSE's one-line reason). */
    public static String of(String s, int max) {
        if (s == null) {
            return "(none)";
        }
        boolean cut = s.length() > max;
        String head = cut ? s.substring(0, max) : s;
        StringBuilder b = null;
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (c < 0x20 || c == 0x7f || lonePairHalf(head, i)) {
                if (b == null) {
                    b = new StringBuilder(head);
                }
                b.setCharAt(i, '?');
            }
        }
        String out = b == null ? head : b.toString();
        return cut ? out + "…" : out;
    }

    /** Whether the char at {@code i} is a surrogate without its partner next to it. */
    private static boolean lonePairHalf(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
