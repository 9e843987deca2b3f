package io.bastion.security.dynamic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.Operation;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.security.acp.SetOfAcrs;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecurityInfoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JWS = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJkYXMifQ.c2lnbmF0dXJl";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void fullDasRequestRoundTripsInShortNames() throws Exception {
        DasRequest dreq = new DasRequest("//sp.example/id-in/Cae1", 4, Operation.RETRIEVE,
                OriginatorIp.ipv4("192.0.2.7"), json("{'accc':['DE']}"), List.of("r1@das.example"),
                "20260101T120000", "/id-in/cnt-1", "60000", List.of("r2@das.example"), List.of("t1@das.example"),
                true);
        JsonNode wire = SecurityInfo.request(dreq).toJson();

        assertThat(wire).isEqualTo(json("{'m2m:seci':{'sit':1,'dreq':{'or':'//sp.example/id-in/Cae1','trt':4,"
                + "'op':2,'oip':{'ip4':'192.0.2.7'},'olo':{'accc':['DE']},'orid':['r1@das.example'],"
                + "'rts':'20260101T120000','trid':'/id-in/cnt-1','ppl':'60000','rfa':['r2@das.example'],"
                + "'tids':['t1@das.example'],'asi':true}}}"));
        SecurityInfo back = SecurityInfo.fromJson(wire);
        assertThat(back.dreq()).isEqualTo(dreq);
        assertThat(back.sit()).isEqualTo(SecurityInfoType.DYNAMIC_AUTHORIZATION_REQUEST);
    }

    @Test
    void minimalRequestLeavesAbsentElementsOut() throws Exception {
        JsonNode wire = SecurityInfo.request(DasRequest.of("Cae1", Operation.UPDATE, "cnt-1")).toJson();
        assertThat(wire).isEqualTo(json("{'m2m:seci':{'sit':1,'dreq':{'or':'Cae1','op':3,'trid':'cnt-1'}}}"));
    }

    @Test
    void numericProposedLifetimeIsReadAsRelativeMilliseconds() throws Exception {
        SecurityInfo s = SecurityInfo.fromJson(
                json("{'m2m:seci':{'sit':1,'dreq':{'or':'Cae1','op':2,'trid':'x','ppl':60000}}}"));
        assertThat(s.dreq().ppl()).isEqualTo("60000");
    }

    @Test
    void responseWithPrivilegesAndTokensRoundTrips() throws Exception {
        JsonNode gp = json("{'acr':[{'acor':['//sp.example/id-in/Cae1'],'acop':3}]}");
        DasResponse dres = new DasResponse(new DynamicAcpInfo(gp, "20260101T120100"), List.of(JWS), false);
        JsonNode wire = SecurityInfo.response(dres).toJson();

        assertThat(wire).isEqualTo(json("{'m2m:seci':{'sit':2,'dres':{'dai':{'gp':{'acr':[{'acor':"
                + "['//sp.example/id-in/Cae1'],'acop':3}]},'pl':'20260101T120100'},'tkns':['" + JWS + "'],"
                + "'asri':false}}}"));
        DasResponse back = DasResponse.fromNotifyResponseContent(wire);
        assertThat(back).isEqualTo(dres);
        SetOfAcrs parsed = back.dai().grantedPrivileges(new AcpParser(new LocalIdentity("sp.example", "id-in")));
        assertThat(parsed.rules()).hasSize(1);
        assertThat(parsed.rules().get(0).operations()).isEqualTo(3);
    }

    @Test
    void absentContentOrAbsentDresGrantNothing() throws Exception {
        assertThat(DasResponse.fromNotifyResponseContent(null).grantsNothing()).isTrue();
        assertThat(DasResponse.fromNotifyResponseContent(json("{'m2m:seci':{'sit':2}}")))
                .isEqualTo(DasResponse.NONE);
    }

    @Test
    void tokenRequestInfoRoundTrips() throws Exception {
        TokenRequestInfo tqf = new TokenRequestInfo(List.of(
                new DasInfo("http://127.0.0.1:8090/das", DasRequest.of("Cae1", Operation.RETRIEVE, "/id-in/cnt-1"),
                        null),
                new DasInfo("http://das2.example/", null, JWS)));
        JsonNode wire = tqf.toJson();
        assertThat(wire).isEqualTo(json("{'m2m:tqf':{'dasi':[{'uri':'http://127.0.0.1:8090/das','dreq':{'or':"
                + "'Cae1','op':2,'trid':'/id-in/cnt-1'}},{'uri':'http://das2.example/','sdr':'" + JWS + "'}]}}"));
        assertThat(TokenRequestInfo.fromJson(wire)).isEqualTo(tqf);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no wrapper                | {'sit':1}                                                         | single member m2m:seci
            two roots                 | {'m2m:seci':{'sit':2},'x':1}                                      | single member m2m:seci
            seci not object           | {'m2m:seci':[1]}                                                  | m2m:seci: must be an object
            sit missing               | {'m2m:seci':{'dreq':{}}}                                          | m2m:seci.sit: missing
            sit text                  | {'m2m:seci':{'sit':'1'}}                                          | m2m:seci.sit: must be an integer
            sit out of range          | {'m2m:seci':{'sit':9}}                                            | m2m:seci.sit: must be 1..8
            other sit                 | {'m2m:seci':{'sit':5}}                                            | is not a dynamic authorization message
            unknown member            | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':2,'trid':'x'},'zz':1}}  | m2m:seci.zz: unknown member
            dreq missing              | {'m2m:seci':{'sit':1}}                                            | m2m:seci.dreq: missing
            dres with sit 1           | {'m2m:seci':{'sit':1,'dres':{}}}                                  | m2m:seci.dres: not allowed
            dreq with sit 2           | {'m2m:seci':{'sit':2,'dreq':{}}}                                  | m2m:seci.dreq: not allowed
            or missing                | {'m2m:seci':{'sit':1,'dreq':{'op':2,'trid':'x'}}}                 | m2m:seci.dreq.or: missing
            or with space             | {'m2m:seci':{'sit':1,'dreq':{'or':'a b','op':2,'trid':'x'}}}      | m2m:seci.dreq.or: must not contain spaces
            op out of range           | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':6,'trid':'x'}}}        | m2m:seci.dreq.op: must be an integer 1..5
            op text                   | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':'2','trid':'x'}}}      | m2m:seci.dreq.op: must be an integer
            trid missing              | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':2}}}                   | m2m:seci.dreq.trid: missing
            trt zero                  | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':2,'trid':'x','trt':0}}} | m2m:seci.dreq.trt: must be a positive integer
            both ip families          | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':2,'trid':'x','oip':{'ip4':'1.2.3.4','ip6':'::1'}}}} | exactly one of ip4 and ip6
            bad ipv4                  | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':2,'trid':'x','oip':{'ip4':'1.2.3'}}}} | m2m:seci.dreq.oip.ip4
            ip with prefix            | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':2,'trid':'x','oip':{'ip4':'1.2.3.4/8'}}}} | must be an IPv4 address
            bad ppl                   | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':2,'trid':'x','ppl':'soon'}}} | m2m:seci.dreq.ppl: invalid timestamp
            tids not list             | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':2,'trid':'x','tids':'t1'}}} | m2m:seci.dreq.tids: must be a list
            empty tid                 | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':2,'trid':'x','tids':['']}}} | m2m:seci.dreq.tids[0]: must be a non-empty string
            asi text                  | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':2,'trid':'x','asi':'yes'}}} | m2m:seci.dreq.asi: must be a boolean
            olo unknown               | {'m2m:seci':{'sit':1,'dreq':{'or':'a','op':2,'trid':'x','olo':{'x':[]}}}} | m2m:seci.dreq.olo.x: unknown member
            gp bad acop               | {'m2m:seci':{'sit':2,'dres':{'dai':{'gp':{'acr':[{'acor':['a'],'acop':99}]}}}}} | m2m:seci.dres.dai.gp.acr[0].acop
            gp not set                | {'m2m:seci':{'sit':2,'dres':{'dai':{'gp':[1]}}}}                  | m2m:seci.dres.dai.gp: must be an object
            dai unknown               | {'m2m:seci':{'sit':2,'dres':{'dai':{'gp':{'acr':[]},'et':1}}}}    | m2m:seci.dres.dai.et: unknown member
            bad pl                    | {'m2m:seci':{'sit':2,'dres':{'dai':{'pl':'tomorrow'}}}}           | m2m:seci.dres.dai.pl
            token not jose            | {'m2m:seci':{'sit':2,'dres':{'tkns':['not a token']}}}            | m2m:seci.dres.tkns[0]: must be a compact JWS/JWE
            token with 2 parts        | {'m2m:seci':{'sit':2,'dres':{'tkns':['abc.def']}}}                | found 2 parts
            tkns not list             | {'m2m:seci':{'sit':2,'dres':{'tkns':'a.b.c'}}}                    | m2m:seci.dres.tkns: must be a list
            """)
    void malformedSecurityInfoIsRefusedWithThePath(String name, String input, String message) throws Exception {
        JsonNode node = json(input);
        assertThatThrownBy(() -> SecurityInfo.fromJson(node))
                .isInstanceOf(MalformedSecurityInfoException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aDasAnswerWithTheRequestTypeIsRefused() throws Exception {
        JsonNode wire = SecurityInfo.request(DasRequest.of("a", Operation.CREATE, "x")).toJson();
        assertThatThrownBy(() -> DasResponse.fromNotifyResponseContent(wire))
                .isInstanceOf(MalformedSecurityInfoException.class)
                .hasMessageContaining("must be 2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no wrapper        | {'dasi':[]}                                           | single member m2m:tqf
            empty dasi        | {'m2m:tqf':{'dasi':[]}}                               | m2m:tqf.dasi: must be a non-empty list
            uri missing       | {'m2m:tqf':{'dasi':[{'sdr':'a.b.c'}]}}                | m2m:tqf.dasi[0].uri: missing
            bad dreq          | {'m2m:tqf':{'dasi':[{'uri':'http://d','dreq':{'or':'a'}}]}} | m2m:tqf.dasi[0].dreq.op: missing
            bad sdr           | {'m2m:tqf':{'dasi':[{'uri':'http://d','sdr':7}]}}     | m2m:tqf.dasi[0].sdr
            """)
    void malformedTokenRequestInfoIsRefused(String name, String input, String message) throws Exception {
        JsonNode node = json(input);
        assertThatThrownBy(() -> TokenRequestInfo.fromJson(node))
                .isInstanceOf(MalformedSecurityInfoException.class)
                .hasMessageContaining(message);
    }

    @Test
    void recordsRefuseInvalidValuesWhenBuiltInCode() {
        assertThatThrownBy(() -> DasRequest.of("", Operation.RETRIEVE, "x"))
                .isInstanceOf(MalformedSecurityInfoException.class);
        assertThatThrownBy(() -> DasRequest.of("a", Operation.DISCOVERY, "x"))
                .isInstanceOf(MalformedSecurityInfoException.class);
        assertThatThrownBy(() -> new OriginatorIp(null, null)).isInstanceOf(MalformedSecurityInfoException.class);
        assertThatThrownBy(() -> new DasResponse(null, List.of("x"), null))
                .isInstanceOf(MalformedSecurityInfoException.class);
        assertThatThrownBy(() -> new SecurityInfo(SecurityInfoType.ESPRIM_OBJECT, null, null))
                .isInstanceOf(MalformedSecurityInfoException.class);
    }
}
