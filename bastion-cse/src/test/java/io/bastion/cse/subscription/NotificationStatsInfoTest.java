package io.bastion.cse.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.cse.subscription.NotificationStatsInfo.Tally;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationStatsInfoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode attrs(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    private static String nsi(JsonNode attrs) {
        return attrs.path("nsi").toString().replace('"', '\'');
    }

    @Test
    void collectingFromTheStartGivesOneZeroEntryPerDistinctTarget() throws Exception {
        ObjectNode a = attrs("{'nu':['a','b','a'],'nse':true}");
        NotificationStatsInfo.created(a);
        assertThat(nsi(a)).isEqualTo("[{'tg':'a','rqs':0,'rsr':0},{'tg':'b','rqs':0,'rsr':0}]");

        ObjectNode off = attrs("{'nu':['a'],'nse':false}");
        NotificationStatsInfo.created(off);
        assertThat(off.has("nsi")).isFalse();
    }

    @Test
    void countsAreAddedToTheirTargetsAndDroppedForTargetsNoLongerNotified() throws Exception {
        JsonNode nsi = JSON.readTree("[{\"tg\":\"a\",\"rqs\":2,\"rsr\":1}]");
        JsonNode nu = JSON.readTree("[\"a\",\"b\"]");
        String out = NotificationStatsInfo.counted(nsi, nu, Map.of("a", new Tally(3, 3), "b", new Tally(1, 0),
                "gone", new Tally(5, 0))).toString().replace('"', '\'');
        assertThat(out).isEqualTo("[{'tg':'a','rqs':5,'rsr':4},{'tg':'b','rqs':1,'rsr':0}]");
    }

    @Test
    void startingAgainResetsStoppingKeepsAndTargetsAreFollowedWhileCollecting() throws Exception {
        ObjectNode current = attrs("{'nu':['a'],'nse':true,'nsi':[{'tg':'a','rqs':4,'rsr':1}]}");

        // stop: the pending counts go in, then the values stay
        ObjectNode stopped = current.deepCopy().put("nse", false);
        NotificationStatsInfo.updated(current, stopped, Map.of("a", new Tally(1, 1)));
        assertThat(nsi(stopped)).isEqualTo("[{'tg':'a','rqs':5,'rsr':2}]");

        // start again from false: afresh, pending counts ignored
        ObjectNode restarted = stopped.deepCopy().put("nse", true);
        NotificationStatsInfo.updated(stopped, restarted, Map.of("a", new Tally(7, 7)));
        assertThat(nsi(restarted)).isEqualTo("[{'tg':'a','rqs':0,'rsr':0}]");

        // true while true: nothing restarts
        ObjectNode again = current.deepCopy();
        NotificationStatsInfo.updated(current, again, Map.of());
        assertThat(nsi(again)).isEqualTo("[{'tg':'a','rqs':4,'rsr':1}]");

        // nu changes while collecting
        ObjectNode moved = current.deepCopy();
        moved.set("nu", JSON.readTree("[\"b\",\"a\"]"));
        NotificationStatsInfo.updated(current, moved, Map.of("a", new Tally(1, 0)));
        assertThat(nsi(moved)).isEqualTo("[{'tg':'b','rqs':0,'rsr':0},{'tg':'a','rqs':5,'rsr':1}]");

        // nse removed: stopped, values kept
        ObjectNode removed = current.deepCopy();
        removed.remove("nse");
        NotificationStatsInfo.updated(current, removed, Map.of());
        assertThat(nsi(removed)).isEqualTo("[{'tg':'a','rqs':4,'rsr':1}]");
    }
}
