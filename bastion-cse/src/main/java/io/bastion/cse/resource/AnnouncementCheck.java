package io.bastion.cse.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a CREATE or UPDATE may say about announcement ({@code at}, {@code aa}), by whether this CSE announces. */
@FunctionalInterface
public interface AnnouncementCheck {
    /** Nothing is announced (no transport to other CSEs): {@code at} and {@code aa} are 5001. */
    AnnouncementCheck NOT_PERFORMED = AttributeValidator::refuseAnnouncing;
    /** The announcer acts on {@code at}: its entries must be CSE-IDs or addresses on other CSEs of this SP. */
    AnnouncementCheck PERFORMED = AttributeValidator::checkAnnounceTo;

    /** Throws the refusal of {@code attrs} (the content of a request for a {@code root}), if any. */
    void check(String root, ObjectNode attrs);
}
