package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.store.WriteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A policy stored before its form became invalid (e.g. a bare {@code *} originator, refused since) permits
 * nothing: requests it governs are denied with 4103, never failed with a client error or answered 5000.
 */
class StoredPolicyIT {
    @RegisterExtension
    static final TestServer cse = new TestServer()
            .registering("Cowner", "owner")
            .registering("Creader", "reader");
    static final M2m m2m = cse.client();

    @Test
    void aPolicyThatNoLongerParsesDeniesInsteadOfFailing() throws Exception {
        String acpRi = m2m.createAcp("Cowner", "/cse-in/owner", "legacy", rules(rule(2, "Creader")),
                rules(rule(63, "Cowner")));
        String cnt = "/cse-in/owner/data";
        m2m.create("Cowner", "/cse-in/owner", 3, "{\"m2m:cnt\":{\"rn\":\"data\",\"acpi\":[\"" + acpRi + "\"]}}")
                .expect(2001);
        m2m.retrieve("Creader", cnt).expect(2000);

        // Rewrite the stored rules behind the API's back, as an older release could have accepted them.
        Resource stored = cse.server().cse().store().get(acpRi).orElseThrow();
        ObjectNode attrs = stored.attrsCopy();
        attrs.set("pv", M2m.JSON.readTree("{\"acr\":[{\"acor\":[\"*\"],\"acop\":63}]}"));
        attrs.put("lt", "20991231T000000");
        cse.server().cse().store().write(new WriteBatch().put(stored.withAttrs(attrs, stored.expiry())));

        M2m.Rsp r = m2m.retrieve("Creader", cnt).expect(4103);
        assertThat(r.body()).contains("m2m:dbg").doesNotContain("Exception");
        // Its own selfPrivileges still let the owner repair it.
        m2m.update("Cowner", "/cse-in/owner/legacy", "{\"m2m:acp\":{\"pv\":{\"acr\":" + rules(rule(2, "Creader")) + "}}}")
                .expect(2004);
        m2m.retrieve("Creader", cnt).expect(2000);
    }
}
