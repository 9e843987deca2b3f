package io.bastion.security.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InboundPskStoreTest {
    private static final PreSharedKey KEY = PreSharedKey.of(new byte[16]);
    private final Map<String, PskCredential> provisioned = Map.of(
            "km-cse@maf.example", new PskCredential("km-cse@maf.example", KEY, Set.of("/id-in")),
            "km-both@maf.example", new PskCredential("km-both@maf.example", KEY, Set.of("/id-in", "Cphone")),
            "light@bastion.example", new PskCredential("light@bastion.example", KEY, Set.of("Clight")),
            "mn@bastion.example", new PskCredential("mn@bastion.example", KEY, Set.of("/id-mn")));
    private final PskStore door = new InboundPskStore(id -> Optional.ofNullable(provisioned.get(id)),
            Set.of("/id-in"));

    @Test
    void anIdentityBoundToThisCsesOwnIdIsUnknownAtTheDoor() {
        assertThat(door.lookup("km-cse@maf.example")).isEmpty();
        assertThat(door.lookup("km-both@maf.example")).isEmpty();
    }

    @Test
    void everyOtherIdentityIsTheStoresAnswer() {
        assertThat(door.lookup("light@bastion.example")).map(PskCredential::allowedIds).contains(Set.of("Clight"));
        assertThat(door.lookup("mn@bastion.example")).map(PskCredential::allowedIds).contains(Set.of("/id-mn"));
        assertThat(door.lookup("nobody@bastion.example")).isEmpty();
    }
}
