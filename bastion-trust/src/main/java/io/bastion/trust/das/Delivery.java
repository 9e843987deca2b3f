package io.bastion.trust.das;

/** How a rule's grant reaches the Hosting CSE: as dynamic ACP privileges ({@code dai}), as tokens, or both. */
public enum Delivery {
    PRIVILEGES,
    TOKEN,
    BOTH;

    boolean privileges() {
        return this != TOKEN;
    }

    boolean token() {
        return this != PRIVILEGES;
    }
}
