package io.bastion.bindings.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the PSK identities a client offers from the plaintext handshake records it sends, before Bouncy Castle does:
 * TLS 1.3's {@code pre_shared_key} extension of the ClientHello (RFC 8446 4.2.11) and TLS 1.2's {@code psk_identity}
 * of the ClientKeyExchange (RFC 4279 2). The TLS-PSK door uses it to let its store fetch a key that is not in memory
 * (a MAF-issued KcID, TS-0003 8.2.2.3) while the connection's bytes wait, instead of blocking the event loop inside the
 * handshake. Only reads: the bytes go to the TLS protocol unchanged, which checks everything itself. Gives up (answers
 * nothing more) at the first ChangeCipherSpec or application record, on anything malformed, or after 32 KiB.
 */
final class PskIdentityPeek {
    private static final int LIMIT = 32 * 1024;
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int CLIENT_KEY_EXCHANGE = 16;
    private static final int PRE_SHARED_KEY = 41;

    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private int recordsRead;
    private int messagesRead;
    private boolean done;

    /** Whether nothing more will be found. */
    boolean done() {
        return done;
    }

    /** Offers the next bytes received; returns the identities found in them (usually none, or one). */
    List<String> offer(byte[] bytes, int off, int len) {
        if (done) {
            return List.of();
        }
        if (records.size() + len > LIMIT) {
            done = true;
            return List.of();
        }
        records.write(bytes, off, len);
        byte[] r = records.toByteArray();
        boolean last = false;
        while (r.length - recordsRead >= 5) {
            int type = r[recordsRead] & 0xff;
            int length = u16(r, recordsRead + 3);
            if (r.length - recordsRead - 5 < length) {
                break;
            }
            if (type != HANDSHAKE) {
                last = true; // ChangeCipherSpec, alert or data: what follows is encrypted or over
                break;
            }
            messages.write(r, recordsRead + 5, length);
            recordsRead += 5 + length;
        }
        List<String> found = messages(); // the plaintext handshake records before it
        done |= last;
        return found;
    }

    private List<String> messages() {
        List<String> found = new ArrayList<>();
        byte[] m = messages.toByteArray();
        while (!done && m.length - messagesRead >= 4) {
            int type = m[messagesRead] & 0xff;
            int length = ((m[messagesRead + 1] & 0xff) << 16) | u16(m, messagesRead + 2);
            if (m.length - messagesRead - 4 < length) {
                break;
            }
            int body = messagesRead + 4;
            messagesRead = body + length;
            try {
                if (type == CLIENT_HELLO) {
                    found.addAll(fromClientHello(m, body, body + length));
                } else if (type == CLIENT_KEY_EXCHANGE) {
                    int n = u16(m, body);
                    check(body + 2 + n <= body + length);
                    found.add(new String(m, body + 2, n, StandardCharsets.UTF_8));
                    done = true; // the identity of TLS 1.2 comes once
                }
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                done = true; // malformed: the protocol will say so
            }
        }
        return found;
    }

    private List<String> fromClientHello(byte[] m, int p, int end) {
        p += 2 + 32; // legacy_version, random
        p += 1 + (m[p] & 0xff); // legacy_session_id
        p += 2 + u16(m, p); // cipher_suites
        p += 1 + (m[p] & 0xff); // legacy_compression_methods
        List<String> ids = new ArrayList<>();
        if (p >= end) {
            return ids; // no extensions
        }
        int extEnd = p + 2 + u16(m, p);
        check(extEnd <= end);
        p += 2;
        while (p + 4 <= extEnd) {
            int type = u16(m, p);
            int len = u16(m, p + 2);
            int data = p + 4;
            check(data + len <= extEnd);
            if (type == PRE_SHARED_KEY) {
                int idsEnd = data + 2 + u16(m, data);
                check(idsEnd <= data + len);
                for (int q = data + 2; q + 2 <= idsEnd && ids.size() < 8; ) {
                    int n = u16(m, q);
                    check(q + 2 + n + 4 <= idsEnd);
                    ids.add(new String(m, q + 2, n, StandardCharsets.UTF_8));
                    q += 2 + n + 4; // identity, obfuscated_ticket_age
                }
            }
            p = data + len;
        }
        return ids;
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("malformed");
        }
    }
}
