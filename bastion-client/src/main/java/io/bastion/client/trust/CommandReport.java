package io.bastion.client.trust;

/** One MEF Client Command as the client reported it (TS-0003 8.3.9.3): cmdID, cmdClassID, cmdStatusCode. */
public record CommandReport(String commandId, int commandClass, int statusCode) {
}
