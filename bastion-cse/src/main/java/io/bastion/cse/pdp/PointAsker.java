package io.bastion.cse.pdp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** Asks the authorization point at an address and returns its result attributes ({@link AuthorizationPoints}). */
@FunctionalInterface
interface PointAsker {

    /** The result attributes of the point at {@code address}, of type {@code ty}, within {@code timeout}. */
    ObjectNode ask(String address, int ty, ObjectNode request, Duration timeout) throws PointFailure;
}
