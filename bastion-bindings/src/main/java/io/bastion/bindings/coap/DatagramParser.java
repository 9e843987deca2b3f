package io.bastion.bindings.coap;

import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.text.Excerpt;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.serialization.MessageHeader;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.DatagramReader;
import org.slf4j.LoggerFactory;

/**
 * Californium's UDP message parser with the oneM2M options, writing a rate-limited line for each datagram it cannot
 * parse: garbage sent to a CoAP door costs a few log lines a minute, not one per datagram. Californium's own line
 * per malformed datagram (logger {@code org.eclipse.californium.ban}, which names the sender) is turned down to
 * warnings by the server's log set-up; the parser is not told the sender, so this line names the door only.
 */
final class DatagramParser extends UdpDataParser {
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(LoggerFactory.getLogger(DatagramParser.class));

    private final String door;

    DatagramParser(String door, Configuration config) {
        super(config.get(CoapConfig.STRICT_EMPTY_MESSAGE_FORMAT), OneM2mOptions.REGISTRY);
        this.door = door;
    }

    @Override
    protected MessageHeader parseHeader(DatagramReader reader) {
        try {
            return super.parseHeader(reader);
        } catch (RuntimeException e) {
            refused(e);
            throw e;
        }
    }

    @Override
    protected Message parseMessage(DatagramReader reader, MessageHeader header, Message target) {
        try {
            return super.parseMessage(reader, header, target);
        } catch (RuntimeException e) {
            refused(e);
            throw e;
        }
    }

    private void refused(RuntimeException e) {
        LIMITED.info("{} door dropped a malformed datagram: {}", door, Excerpt.of(e.getMessage()));
    }
}
