package io.bastion.security.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.id.IdForms;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.acp.VerifiedRole;
import io.bastion.security.token.TokenClaims;
import io.bastion.security.token.TokenPermissions;
import io.bastion.security.token.TrustedIssuer;
import io.bastion.security.token.TrustedIssuers;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TS-0003 7.4.3 step 4: a role counts only when its issuer is trusted, its holder is the originator and it is valid. */
class RoleCheckTest {
    private static final Instant NOW = Instant.parse("2026-03-14T10:15:30Z");
    private static final TrustedIssuers ISSUERS = TrustedIssuers.of(new TrustedIssuer("/id-aa", List.of()));
    private static final IdForms FORMS = new IdForms("sp.example", "/id-in");
    private final RoleGrant role = RoleGrant.fromShortNames(new com.fasterxml.jackson.databind.ObjectMapper()
            .createObjectNode().put("rlid", "R-reader@aa.example").put("tkis", "/id-aa")
            .put("tkhd", "/id-in/Cae1").put("tknb", "20260314T100000").put("tkna", "20260314T110000")
            .put("rlnm", "reader").put("rltl", "/id-in/tk1"));

    @Test
    void aValidRoleOfTheOriginatorIsVerified() {
        RoleCheck.Outcome o = RoleCheck.verify(role, "Cae1", NOW, ISSUERS, FORMS, "<role> /id-in/rol1");
        assertThat(o.ok()).isTrue();
        assertThat(o.role()).isEqualTo(new VerifiedRole("R-reader@aa.example", "<role> /id-in/rol1"));
        assertThat(RoleGrant.fromShortNames(role.toShortNames())).isEqualTo(role);
    }

    @Test
    void everyFailedCheckHasAReason() {
        assertThat(RoleCheck.verify(role, "Cae1", NOW, ISSUERS).reason())
                .as("without forms the holder is compared exactly")
                .isEqualTo("role R-reader@aa.example: holder /id-in/Cae1 is not the originator");
        assertThat(RoleCheck.verify(role, "Cother", NOW, ISSUERS, FORMS, "x").reason())
                .isEqualTo("role R-reader@aa.example: holder /id-in/Cae1 is not the originator");
        assertThat(RoleCheck.verify(role, "Cae1", NOW, TrustedIssuers.NONE, FORMS, "x").reason())
                .isEqualTo("role R-reader@aa.example: issuer /id-aa is not trusted");
        assertThat(RoleCheck.verify(role, "Cae1", Instant.parse("2026-03-14T09:59:59Z"), ISSUERS, FORMS, "x")
                .reason()).startsWith("role R-reader@aa.example is not valid before");
        assertThat(RoleCheck.verify(role, "Cae1", Instant.parse("2026-03-14T11:00:00Z"), ISSUERS, FORMS, "x")
                .reason()).startsWith("role R-reader@aa.example expired at");
        assertThat(RoleCheck.verify(role, "Cae1", NOW, ISSUERS, FORMS, "x").reason()).isNull();
    }

    @Test
    void everyFailedCheckHasAGeneralFailureNamingNoIssuerHolderOrTime() {
        assertThat(RoleCheck.verify(role, "Cother", NOW, ISSUERS, FORMS, "x").failure())
                .isEqualTo(RoleCheck.Failure.NOT_THE_HOLDER);
        assertThat(RoleCheck.verify(role, "Cae1", NOW, TrustedIssuers.NONE, FORMS, "x").failure())
                .isEqualTo(RoleCheck.Failure.ISSUER_NOT_TRUSTED);
        assertThat(RoleCheck.verify(role, "Cae1", Instant.parse("2026-03-14T09:59:59Z"), ISSUERS, FORMS, "x")
                .failure()).isEqualTo(RoleCheck.Failure.NOT_YET_VALID);
        assertThat(RoleCheck.verify(role, "Cae1", Instant.parse("2026-03-14T11:00:00Z"), ISSUERS, FORMS, "x")
                .failure()).isEqualTo(RoleCheck.Failure.EXPIRED);
        assertThat(RoleCheck.verify(role, "Cae1", NOW, ISSUERS, FORMS, "x").failure()).isNull();
        for (RoleCheck.Failure f : RoleCheck.Failure.values()) {
            assertThat(f.general()).doesNotContain("/id-").doesNotContain("2026").doesNotContain("Cae1");
        }
    }

    @Test
    void aLinkedTokenDescribesTheRoleOnlyWithTheSameIssuerHolderAndAnUnscopedRoleId() {
        assertThat(role.tokenLink()).isEqualTo("/id-in/tk1");
        assertThat(RoleCheck.describedBy(role, token("//sp.example/id-aa", "Cae1", "{\"rids\":[\"x@y\","
                + "\"R-reader@aa.example\"]}"), FORMS)).as("issuer and holder in other forms").isNull();
        assertThat(RoleCheck.describedBy(role, token("/id-das", "Cae1", RIDS), FORMS))
                .isEqualTo("role R-reader@aa.example: its linked token t1 was issued by /id-das, not by the role's "
                        + "issuer /id-aa");
        assertThat(RoleCheck.describedBy(role, token("/id-aa", "Cae2", RIDS), FORMS))
                .contains("is held by Cae2, not by the role's holder /id-in/Cae1");
        assertThat(RoleCheck.describedBy(role, token("/id-aa", "Cae1", "{\"rids\":[\"x@y\"]}"), FORMS))
                .contains("does not assign the role");
        assertThat(RoleCheck.describedBy(role, token("/id-aa", "Cae1",
                "{\"ris\":[\"cse-in/c\"],\"rids\":[\"R-reader@aa.example\"]}"), FORMS))
                .as("a role scoped to some resources is less than the <role> states").contains("does not assign");
    }

    private static final String RIDS = "{\"rids\":[\"R-reader@aa.example\"]}";

    private static TokenClaims token(String issuer, String holder, String permission) {
        try {
            return new TokenClaims("1", "t1", holder, issuer, NOW, NOW.plusSeconds(60), null, List.of("/id-in"),
                    TokenPermissions.fromJson(new ObjectMapper().readTree("{\"pm\":[" + permission + "]}"),
                            new AcpParser(new LocalIdentity("sp.example", "/id-in"))), null);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
