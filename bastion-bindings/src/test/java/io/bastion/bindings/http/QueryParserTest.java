package io.bastion.bindings.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.AttributeCondition;
import io.bastion.core.primitive.FilterCriteria;
import io.bastion.core.geo.GeoQuery;
import io.bastion.core.geo.GeoSpatialFunction;
import io.bastion.core.geo.GeometryType;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.time.Timestamps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Query strings of TS-0009 table 6.2.2.2-1 into parameters and filter criteria. */
class QueryParserTest {

    static Request parse(String query) {
        Request.Builder b = Request.builder(Operation.RETRIEVE, "cse-in").rqi("r");
        QueryParser.parse(query, Operation.RETRIEVE, b);
        return b.build();
    }

    static OneM2MException refused(String query) {
        try {
            parse(query);
        } catch (OneM2MException e) {
            return e;
        }
        throw new AssertionError("accepted: " + query);
    }

    @Test
    void anAttributeListBecomesTheContentOfARetrieveAndNothingElse() {
        Request rq = parse("atrl=ri+lbl+rr&rcn=1");
        assertThat(rq.pc().toString()).isEqualTo("{\"m2m:atrl\":[\"ri\",\"lbl\",\"rr\"]}");
        assertThat(rq.fc().hasConditions()).isFalse();
        Request.Builder delete = Request.builder(Operation.DELETE, "cse-in").rqi("r");
        assertThatThrownBy(() -> QueryParser.parse("atrl=ri", Operation.DELETE, delete))
                .hasMessageContaining("'atrl'");
        assertThat(refused("atrl=ri&atrl=rn").getMessage()).contains("'atrl'");
        assertThat(refused("atrl=a%20b").getMessage()).contains("atrl");
    }

    @Test
    void anAttributeNamedByItsShortNameIsAnAttributeCondition() {
        Request rq = parse("fu=1&ty=2&api=N*&nl=nod%2A1&api=Nx");

        assertThat(rq.fc().atr()).containsExactly(new AttributeCondition("api", "N*"),
                new AttributeCondition("nl", "nod*1"), new AttributeCondition("api", "Nx"));
        assertThat(rq.fc().hasConditions()).isTrue();
    }

    @Test
    void attributesOtherConditionsCoverAreRefusedAsConditions() {
        assertThat(refused("fu=1&ct=20260101T000000").getMessage()).contains("'ct'").contains("7.3.3.17.9");
        assertThat(refused("fu=1&cnf=text/plain").getMessage()).contains("'cnf'");
        assertThat(refused("fu=1&atr=api").getMessage()).contains("name the attribute itself");
        assertThat(refused("fu=1&notAnAttribute=1").getMessage()).contains("unknown query parameter");
        StringBuilder many = new StringBuilder("fu=1");
        for (int i = 0; i <= QueryParser.MAX_ATTRIBUTE_CONDITIONS; i++) {
            many.append("&api=N").append(i);
        }
        assertThat(refused(many.toString()).getMessage()).contains("at most");
    }

    @Test
    void childAndParentAttributeConditionsAreNotImplemented() {
        assertThat(refused("fu=1&c.api=N1").status()).isEqualTo(ResponseStatusCode.NOT_IMPLEMENTED);
        assertThat(refused("fu=1&p.rn=x").status()).isEqualTo(ResponseStatusCode.NOT_IMPLEMENTED);
        assertThat(refused("fu=1&c.nothing=x").status()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
    }

    @Test
    void listParametersRepeatAndSplitOnPlus() {
        Request rq = parse("ty=2+3&ty=4&lbl=a&lbl=b+c");

        assertThat(rq.fc().ty()).containsExactly(2, 3, 4);
        assertThat(rq.fc().lbl()).containsExactly("a", "b", "c");
    }

    @Test
    void encodedPlusIsPartOfALabelNotASeparator() {
        assertThat(parse("lbl=a%2Bb+c%20d").fc().lbl()).containsExactly("a+b", "c d");
    }

    @Test
    void emptyPairsAndEmptyListItemsAreSkipped() {
        assertThat(parse("&&lbl=a++b&").fc().lbl()).containsExactly("a", "b");
    }

    @Test
    void noFilterParametersLeaveNoFilterCriteria() {
        Request rq = parse("rcn=1&rt=3&drt=1&rp=PT10S");

        assertThat(rq.fc()).isEqualTo(FilterCriteria.none());
        assertThat(rq.rcn()).isEqualTo(1);
        assertThat(rq.rt()).isEqualTo(3);
        assertThat(rq.drt()).isEqualTo(1);
        assertThat(rq.rp()).isEqualTo("PT10S");
    }

    @Test
    void tokenAndRoleParametersAreLists() {
        Request rq = parse("rids=r1+r2&tids=t1&tids=t2&ltids=l1&tqi=true");

        assertThat(rq.rids()).containsExactly("r1", "r2");
        assertThat(rq.tids()).containsExactly("t1", "t2");
        assertThat(rq.ltids()).containsExactly("l1");
        assertThat(rq.tqi()).isTrue();
        assertThat(parse("tqi=0").tqi()).isFalse();
    }

    @Test
    void timestampsKeepTheirPlusOffset() {
        assertThat(parse("cra=20250101T010000+01:00").fc().cra())
                .isEqualTo(Timestamps.parse("20250101T000000", "t"));
    }

    @ParameterizedTest
    @CsvSource({
        "rcn=abc,           rcn",
        "rcn=-1,            rcn",
        "rcn=99999999999,   rcn",
        "rcn=1&rcn=2,       rcn",
        "rcn=,              rcn",
        "lim,               lim",
        "ty=3+x,            ty",
        "lbl=+,             lbl",
        "crb=2025-01-01,    crb",
        "exa=20251301T000000, exa",
        "tqi=yes,           tqi",
        "colour=red,        colour",
        "smf=x,             smf",
        "rn=%zz,            rn"
    })
    void badValuesAreRefusedNamingTheParameter(String query, String name) {
        assertThat(refused(query).getMessage()).contains(name);
    }

    /** An attribute of TS-0004's tables is a condition now (TS-0004's own example: creator); anything else is not. */
    @Test
    void refusesNothingSilently() {
        assertThat(parse("fu=1&cr=Sam").fc().atr()).containsExactly(new AttributeCondition("cr", "Sam"));
        assertThatThrownBy(() -> parse("fu=1&crr=Sam")).isInstanceOf(OneM2MException.class)
                .hasMessageContaining("'crr'");
    }

    @Test
    void aGeoQueryTakesItsThreeParametersTogether() {
        // geom percent-encoded as a client's URL encoder writes it: [[0,0],[10,0],[10,10],[0,10],[0,0]]
        Request rq = parse("fu=1&gmty=3&gsf=2&geom="
                + "%5B%5B0%2C0%5D%2C%5B10%2C0%5D%2C%5B10%2C10%5D%2C%5B0%2C10%5D%2C%5B0%2C0%5D%5D");
        assertThat(rq.fc().gq()).isInstanceOf(GeoQuery.class);
        GeoQuery gq = (GeoQuery) rq.fc().gq();
        assertThat(gq.function()).isEqualTo(GeoSpatialFunction.CONTAINS);
        assertThat(gq.geometry().type()).isEqualTo(GeometryType.POLYGON);
        assertThat(rq.fc().hasConditions()).isTrue();
        assertThat(parse("fu=1").fc().gq()).isNull();
    }

    @Test
    void anIncompleteOrMalformedGeoQueryIsRefusedNamingWhatIsWrong() {
        assertThat(refused("fu=1&gmty=1&gsf=1").getMessage()).contains("geom").contains("missing");
        assertThat(refused("fu=1&geom=%5B1%2C2%5D&gsf=1").getMessage()).contains("gmty");
        assertThat(refused("fu=1&gmty=1&geom=%5B1%2C2%5D").getMessage()).contains("gsf");
        assertThat(refused("fu=1&gmty=7&geom=%5B1%2C2%5D&gsf=1").getMessage()).contains("gmty");
        assertThat(refused("fu=1&gmty=1&geom=%5B1%2C2%5D&gsf=4").getMessage()).contains("gsf");
        assertThat(refused("fu=1&gmty=1&geom=%5B200%2C2%5D&gsf=1").getMessage()).contains("geom").contains("longitude");
        assertThat(refused("fu=1&gmty=1&gmty=1&geom=%5B1%2C2%5D&gsf=1").getMessage()).contains("only once");
        assertThat(refused("fu=1&gmty=1&geom=%5B1%5D&gsf=1").status()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
    }
}
