package io.bastion.core.text;

/**
 * A short, printable excerpt of client input for error messages: bounded in length, with control characters
 * replaced, so that a message can never carry a huge value or forge a line into a log or a header.
 */
public final class Excerpt {
    static final int MAX = 40;

    private Excerpt() {
    }

    public static String of(String s) {
        if (s == null) {
            return "(none)";
        }
        boolean cut = s.length() > MAX;
        String head = cut ? s.substring(0, MAX) : s;
        StringBuilder b = null;
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (b == null) {
                    b = new StringBuilder(head);
                }
                b.setCharAt(i, '?');
            }
        }
        String out = b == null ? head : b.toString();
        return cut ? out + "…" : out;
    }
}
