package io.bastion.core.codec;

import io.bastion.core.primitive.OneM2MException;

/**
 * One linear pass over CBOR content (RFC 8949 section 3) before Jackson reads it, refusing what Jackson would read
 * at a cost out of proportion to the body's size, and what oneM2M's CBOR does not use (TS-0004 8.5.1: CBOR maps
 * the JSON serialization, so text and byte strings, integers, floats, arrays, maps, true, false and null):
 *
 * <ul>
 *   <li>tags (major type 6): Jackson keeps a tag list that grows by a constant step, so a run of tags costs time
 *       quadratic in its length (1 MiB of them: tens of seconds and gigabytes). Only a self-described CBOR prefix
 *       (tag 55799, RFC 8949 3.4.6) before the item is accepted, since it changes nothing.</li>
 *   <li>lengths and counts that the rest of the body cannot hold (each element needs at least a byte);</li>
 *   <li>nesting deeper than {@link ContentLimits#MAX_DEPTH}, more than {@link ContentLimits#MAX_TOKENS} items;</li>
 *   <li>simple values other than false, true and null, reserved encodings, a break outside an indefinite-length
 *       item, and anything after the one top-level item;</li>
 *   <li>text strings holding the UTF-8 form of a UTF-16 surrogate (bytes ED A0..BF), which Jackson decodes into
 *       text that no answer could encode again (see {@link UnpairedSurrogates}).</li>
 * </ul>
 *
 * Memory is constant (one counter per open container), time linear in the body.
 */
final class CborScreen {
    private static final long INDEFINITE = -1;
    private static final int SELF_DESCRIBED = 55799;

    private final byte[] b;
    private int pos;

    private CborScreen(byte[] b) {
        this.b = b;
    }

    static void check(byte[] body) {
        new CborScreen(body).walk();
    }

    private void walk() {
        // items still expected in each open array/map (INDEFINITE until its break byte); [0] is the top level
        long[] open = new long[ContentLimits.MAX_DEPTH + 1];
        int depth = 0;
        int items = 0;
        if (b.length >= 3 && (b[0] & 0xff) == 0xd9 && (b[1] & 0xff) == 0xd9 && (b[2] & 0xff) == 0xf7) {
            pos = 3; // the self-described CBOR tag, once, before the item
        }
        while (true) {
            int at = pos;
            int ib = next("a data item");
            int major = ib >>> 5;
            int info = ib & 0x1f;
            boolean itemDone;
            if (ib == 0xff) {
                if (depth == 0 || open[depth] != INDEFINITE) {
                    throw refuse(at, "a break byte outside an indefinite-length array or map");
                }
                depth--;
                itemDone = true;
            } else {
                if (++items > ContentLimits.MAX_TOKENS) {
                    throw refuse(at, "more than " + ContentLimits.MAX_TOKENS + " data items");
                }
                long arg = argument(at, major, info);
                switch (major) {
                    case 0, 1 -> itemDone = true;
                    case 2, 3 -> {
                        if (arg == INDEFINITE) {
                            chunks(at, major);
                        } else {
                            skip(at, arg, major == 3);
                        }
                        itemDone = true;
                    }
                    case 4, 5 -> {
                        long count = arg;
                        if (count != INDEFINITE) {
                            long perItem = major == 5 ? 2 : 1;
                            if (count > (b.length - pos) / perItem) {
                                throw refuse(at, "an array or map declares " + count + " elements, more than the rest "
                                        + "of the content holds");
                            }
                            count *= perItem;
                        }
                        if (count == 0) {
                            itemDone = true;
                        } else {
                            if (depth == ContentLimits.MAX_DEPTH) {
                                throw refuse(at, "arrays and maps nested deeper than " + ContentLimits.MAX_DEPTH
                                        + " levels");
                            }
                            open[++depth] = count;
                            itemDone = false;
                        }
                    }
                    case 6 -> throw refuse(at, "a CBOR tag (major type 6); oneM2M CBOR carries no tags "
                            + "(TS-0004 8.5.1)");
                    default -> { // 7: simple values and floats
                        if (info < 20 || info == 23 || info == 24) {
                            throw refuse(at, "a CBOR simple value other than false, true and null");
                        }
                        itemDone = true;
                    }
                }
            }
            // a completed item counts against its container; completed containers complete their parents in turn
            while (itemDone && depth > 0 && open[depth] != INDEFINITE) {
                if (--open[depth] > 0) {
                    itemDone = false;
                } else {
                    depth--;
                }
            }
            if (itemDone && depth == 0) {
                if (pos != b.length) {
                    throw refuse(pos, "more than one top-level data item");
                }
                return;
            }
        }
    }

    /** The argument of an initial byte (RFC 8949 3.1): a count, a length or a value; INDEFINITE for 31. */
    private long argument(int at, int major, int info) {
        if (info < 24) {
            return info;
        }
        int size = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            case 31 -> 0;
            default -> throw refuse(at, "a reserved CBOR encoding (additional information " + info + ")");
        };
        if (info == 31) {
            if (major == 2 || major == 3 || major == 4 || major == 5) {
                return INDEFINITE;
            }
            throw refuse(at, "an indefinite length where none is allowed");
        }
        if (size > b.length - pos) {
            throw truncated(at);
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | (b[pos++] & 0xff);
        }
        // an 8-byte length above 2^63 reads as negative: certainly more than any body holds
        return v < 0 ? Long.MAX_VALUE : v;
    }

    /** The chunks of an indefinite-length string: definite strings of the same major type, then a break. */
    private void chunks(int at, int major) {
        while (true) {
            int chunkAt = pos;
            int ib = next("the end of an indefinite-length string");
            if (ib == 0xff) {
                return;
            }
            if (ib >>> 5 != major || (ib & 0x1f) == 31) {
                throw refuse(chunkAt, "an indefinite-length string holds something other than definite strings of "
                        + "its own type");
            }
            skip(chunkAt, argument(chunkAt, major, ib & 0x1f), major == 3);
        }
    }

    private void skip(int at, long length, boolean text) {
        if (length > b.length - pos) {
            throw refuse(at, "a string declares " + length + " bytes, more than the rest of the content holds");
        }
        int end = pos + (int) length;
        if (text) {
            for (int i = pos; i < end - 1; i++) {
                if (b[i] == (byte) 0xED && (b[i + 1] & 0xff) >= 0xA0) {
                    throw refuse(i, "a text string holds half of a UTF-16 surrogate pair, which is no Unicode "
                            + "character");
                }
            }
        }
        pos = end;
    }

    private int next(String expected) {
        if (pos >= b.length) {
            throw refuse(pos, "the content ends where " + expected + " is expected");
        }
        return b[pos++] & 0xff;
    }

    private OneM2MException truncated(int at) {
        return refuse(at, "the content ends inside a data item's header");
    }

    private static OneM2MException refuse(int at, String what) {
        return OneM2MException.badRequest("malformed CBOR content at byte " + at + ": " + what);
    }
}
