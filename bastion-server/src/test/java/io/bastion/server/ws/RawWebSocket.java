package io.bastion.server.ws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 6455 written out by hand for tests that need what a well-behaved client never sends (unmasked frames, a frame
 * type the subprotocol does not take, oversized frames, broken UTF-8) or a transport the JDK's client lacks (TLS-PSK
 * through Bouncy Castle's streams): the opening handshake as text, frames byte by byte. The accept value is checked
 * against SHA-1 of the key and the RFC's GUID, computed here.
 */
public final class RawWebSocket implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The handshake answer: status and header fields (names lower case). */
    public final int status;
    public final Map<String, String> headers;

    /** A frame as read: opcode, payload, for a Close its status code. */
    public record Frame(int opcode, byte[] payload) {
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private RawWebSocket(Socket socket, InputStream in, OutputStream out, int status, Map<String, String> headers) {
        this.socket = socket;
        this.in = new DataInputStream(in);
        this.out = out;
        this.status = status;
        this.headers = headers;
    }

    /** Connects to loopback {@code port} and sends the handshake with {@code extraHeaders} (CRLF-terminated lines). */
    public static RawWebSocket open(int port, String method, String path, String extraHeaders) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(20_000);
        return handshake(s, s.getInputStream(), s.getOutputStream(), method, path, extraHeaders);
    }

    /** The handshake over streams someone else secured (TLS-PSK); {@code socket} is closed with this. */
    public static RawWebSocket handshake(Socket socket, InputStream in, OutputStream out, String method, String path,
                                         String extraHeaders) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String head = method + " " + path + " HTTP/1.1\r\nHost: cse.example\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n" + extraHeaders + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        Map<String, String> h = new LinkedHashMap<>();
        int status = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed during the handshake");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String l = line.toString(StandardCharsets.US_ASCII).trim();
            line.reset();
            if (l.isEmpty()) {
                break;
            }
            if (status < 0) {
                status = Integer.parseInt(l.split(" ")[1]);
            } else {
                int colon = l.indexOf(':');
                h.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
        }
        if (status == 101) {
            try {
                String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
                if (!expected.equals(h.get("sec-websocket-accept"))) {
                    throw new IOException("wrong Sec-WebSocket-Accept " + h.get("sec-websocket-accept"));
                }
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        } else if (h.containsKey("content-length")) {
            int n = Integer.parseInt(h.get("content-length"));
            byte[] body = new byte[n];
            new DataInputStream(in).readFully(body);
            h.put("body", new String(body, StandardCharsets.UTF_8));
        }
        return new RawWebSocket(socket, in, out, status, h);
    }

    public void text(String s) throws IOException {
        frame(true, 0x1, s.getBytes(StandardCharsets.UTF_8), true);
    }

    public void binary(byte[] b) throws IOException {
        frame(true, 0x2, b, true);
    }

    /** One frame: FIN, opcode, payload, masked as a client must (or not, to test the server's refusal). */
    public void frame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(mask | payload.length);
        } else if (payload.length < 65536) {
            f.write(mask | 126);
            f.write(payload.length >> 8);
            f.write(payload.length);
        } else {
            f.write(mask | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) payload.length >> (8 * i)));
            }
        }
        byte[] key = new byte[4];
        if (masked) {
            RANDOM.nextBytes(key);
            f.write(key);
        }
        for (int i = 0; i < payload.length; i++) {
            f.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    /** The next frame from the server (servers do not mask). */
    public Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    /** The next data frame, answering nothing and skipping pings. */
    public Frame readData() throws IOException {
        while (true) {
            Frame f = read();
            if (f.opcode() != 0x9 && f.opcode() != 0xA) {
                return f;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
