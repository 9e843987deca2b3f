package io.bastion.cse.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicInteger ids = new AtomicInteger();
    private final Notifications notifications = new Notifications("/id-in", "3", () -> "rq" + ids.incrementAndGet());

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final JsonNode CIN = json(
            "{'m2m:cin':{'ri':'cin1','pi':'cnt1','ty':4,'rn':'r1','con':'21.5','cnf':'text/plain:0','st':3}}");

    @Test
    void eventNotificationCarriesRepresentationEventTypeAndSubscriptionReference() {
        Request rq = notifications.event("http://ae1.example/ntfy",
                NotificationEvent.of("cse-in/ae1/cnt1/sub1", NotificationEventType.CREATE_OF_DIRECT_CHILD_RESOURCE,
                        CIN));

        assertThat(rq.op()).isEqualTo(Operation.NOTIFY);
        assertThat(rq.to()).isEqualTo("http://ae1.example/ntfy");
        assertThat(rq.fr()).isEqualTo("/id-in");
        assertThat(rq.rvi()).isEqualTo("3");
        assertThat(rq.rqi()).isEqualTo("rq1");
        assertThat(rq.ec()).isNull();
        assertThat(rq.pc()).isEqualTo(json("{'m2m:sgn':{'nev':{'rep':" + CIN + ",'net':3},"
                + "'sur':'cse-in/ae1/cnt1/sub1'}}"));
    }

    @Test
    void eventNotificationIncludesCreatorAndEventCategoryWhenGiven() {
        Request rq = notifications.event("http://ae1.example/ntfy",
                NotificationEvent.of("sub1", NotificationEventType.UPDATE_OF_RESOURCE, CIN)
                        .withCreator("Cae1").withEventCategory(EventCategory.LATEST));

        assertThat(rq.pc().at("/m2m:sgn/cr").asText()).isEqualTo("Cae1");
        assertThat(rq.pc().at("/m2m:sgn/nev/net").asInt()).isEqualTo(1);
        assertThat(rq.ec()).isEqualTo("4");
    }

    @Test
    void modifiedAttributesContentHoldsOnlyTheChangedAttributesAndNullForDeletedOnes() {
        JsonNode cnt = json("{'m2m:cnt':{'ri':'cnt1','rn':'c','mni':10,'lbl':['a'],'st':2}}");
        Request rq = notifications.event("http://x/n",
                NotificationEvent.of("sub1", NotificationEventType.UPDATE_OF_RESOURCE, cnt)
                        .withContentType(NotificationContentType.MODIFIED_ATTRIBUTES)
                        .withModifiedAttributes(Set.of("mni", "mbs")));

        assertThat(rq.pc().at("/m2m:sgn/nev/rep")).isEqualTo(json("{'m2m:cnt':{'mbs':null,'mni':10}}"));
    }

    @Test
    void modifiedAttributesCanComeFromTheUpdatesChangedAttributesObject() {
        JsonNode cnt = json("{'m2m:cnt':{'ri':'cnt1','mni':10,'lbl':['a']}}");
        Request rq = notifications.event("http://x/n",
                NotificationEvent.of("sub1", NotificationEventType.UPDATE_OF_RESOURCE, cnt)
                        .withContentType(NotificationContentType.MODIFIED_ATTRIBUTES)
                        .withModifiedAttributes((com.fasterxml.jackson.databind.node.ObjectNode) json("{'lbl':['a']}")));

        assertThat(rq.pc().at("/m2m:sgn/nev/rep")).isEqualTo(json("{'m2m:cnt':{'lbl':['a']}}"));
    }

    @Test
    void aLatestNotifyJobCarriesEventCategoryLatestWhateverNecSays() {
        Request rq = notifications.event("http://x/n",
                NotificationEvent.of("sub1", NotificationEventType.UPDATE_OF_RESOURCE, CIN).withEventCategory("100"));

        assertThat(NotificationJob.of("http://x/n", "sub1", rq).withLatestNotify(true).request().ec())
                .isEqualTo(EventCategory.LATEST);
        assertThat(NotificationJob.of("http://x/n", "sub1", rq).request().ec()).isEqualTo("100");
    }

    @Test
    void modifiedAttributesWithoutAChangeListSendsAllAttributes() {
        Request rq = notifications.event("http://x/n",
                NotificationEvent.of("sub1", NotificationEventType.CREATE_OF_DIRECT_CHILD_RESOURCE, CIN)
                        .withContentType(NotificationContentType.MODIFIED_ATTRIBUTES));

        assertThat(rq.pc().at("/m2m:sgn/nev/rep")).isEqualTo(CIN);
    }

    @Test
    void resourceIdContentIsAnM2mUriOfTheResourceRiOrTheGivenAddress() {
        NotificationEvent e = NotificationEvent.of("sub1", NotificationEventType.DELETE_OF_DIRECT_CHILD_RESOURCE, CIN)
                .withContentType(NotificationContentType.RESOURCE_ID);

        assertThat(notifications.event("http://x/n", e).pc().at("/m2m:sgn/nev"))
                .isEqualTo(json("{'rep':{'m2m:uri':'cin1'},'net':4}"));
        assertThat(notifications.event("http://x/n", e.withResourceId("cse-in/ae1/cnt1/r1")).pc()
                .at("/m2m:sgn/nev/rep/m2m:uri").asText()).isEqualTo("cse-in/ae1/cnt1/r1");
    }

    @Test
    void theRepresentationIsACopyNotTheCallersTree() {
        JsonNode resource = CIN.deepCopy();
        Request rq = notifications.event("http://x/n",
                NotificationEvent.of("sub1", NotificationEventType.UPDATE_OF_RESOURCE, resource));
        ((com.fasterxml.jackson.databind.node.ObjectNode) resource.get("m2m:cin")).put("con", "changed");

        assertThat(rq.pc().at("/m2m:sgn/nev/rep/m2m:cin/con").asText()).isEqualTo("21.5");
    }

    @Test
    void eventWithoutResourceHasNoRepresentation() {
        Request rq = notifications.event("http://x/n", NotificationEvent.of("sub1",
                NotificationEventType.RETRIEVE_OF_CONTAINER_RESOURCE_WITH_NO_CHILD_RESOURCE, null));

        assertThat(rq.pc()).isEqualTo(json("{'m2m:sgn':{'nev':{'net':5},'sur':'sub1'}}"));
    }

    @Test
    void verificationRequestCarriesVrqSurAndTheSubscriptionCreator() {
        Request rq = notifications.verification("http://ae2.example/ntfy", "cse-in/ae1/sub1", "Cae1");

        assertThat(rq.op()).isEqualTo(Operation.NOTIFY);
        assertThat(rq.to()).isEqualTo("http://ae2.example/ntfy");
        assertThat(rq.pc()).isEqualTo(json("{'m2m:sgn':{'vrq':true,'sur':'cse-in/ae1/sub1','cr':'Cae1'}}"));
    }

    @Test
    void deletionNotificationCarriesSudAndSur() {
        Request rq = notifications.deletion("http://ae1.example/ntfy", "cse-in/ae1/sub1", null);

        assertThat(rq.pc()).isEqualTo(json("{'m2m:sgn':{'sud':true,'sur':'cse-in/ae1/sub1'}}"));
        assertThat(rq.fr()).isEqualTo("/id-in");
    }

    @Test
    void deletionNotificationCarriesTheSubscriptionsCreator() {
        Request rq = notifications.deletion("http://ae1.example/ntfy", "/id-in/sub1", "Cae1");

        assertThat(rq.pc()).isEqualTo(json("{'m2m:sgn':{'sud':true,'sur':'/id-in/sub1','cr':'Cae1'}}"));
    }

    @Test
    void aggregateWrapsTheNotificationsInOrderAndTakesParametersFromTheNewest() {
        Request a = notifications.event("http://x/n",
                NotificationEvent.of("sub1", NotificationEventType.UPDATE_OF_RESOURCE, CIN));
        Request b = notifications.deletion("http://x/n", "sub1", null);
        Request agg = Notifications.aggregate(List.of(a, b));

        assertThat(agg.pc()).isEqualTo(json("{'m2m:agn':{'m2m:sgn':[" + a.pc().get("m2m:sgn") + ","
                + b.pc().get("m2m:sgn") + "]}}"));
        assertThat(agg.rqi()).isEqualTo(b.rqi());
        assertThat(agg.to()).isEqualTo("http://x/n");
        assertThat(agg.op()).isEqualTo(Operation.NOTIFY);
    }

    @Test
    void aggregatedNotificationsAreFlattenedNotNested() {
        Request a = notifications.deletion("http://x/n", "s1", null);
        Request b = notifications.deletion("http://x/n", "s2", null);
        Request c = notifications.deletion("http://x/n", "s3", null);
        Request agg = Notifications.aggregate(List.of(Notifications.aggregate(List.of(a, b)), c));

        assertThat(agg.pc().at("/m2m:agn/m2m:sgn")).hasSize(3);
        assertThat(agg.pc().at("/m2m:agn/m2m:sgn/2/sur").asText()).isEqualTo("s3");
    }

    @Test
    void batchedJobsMustCarryASingleNotification() {
        Request notNotification = Request.builder(Operation.NOTIFY, "http://x/n").rqi("r").build();

        assertThatThrownBy(() -> NotificationJob.of("http://x/n", "sub1", notNotification)
                .withBatch(new BatchPolicy(2, java.time.Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NotificationJob.of("http://x/n", "sub1",
                Request.builder(Operation.CREATE, "x").build())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultRequestIdsAreUnique() {
        Notifications n = Notifications.of("/id-in", "3");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(n.deletion("http://x/n", "s", null).rqi());
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void enumerationsUseTheSpecificationNumbers() {
        assertThat(List.of(NotificationEventType.values()).stream().map(NotificationEventType::code))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(NotificationEventType.fromCode(4)).isEqualTo(NotificationEventType.DELETE_OF_DIRECT_CHILD_RESOURCE);
        assertThat(NotificationContentType.fromCode(1)).isEqualTo(NotificationContentType.ALL_ATTRIBUTES);
        assertThat(NotificationContentType.fromCode(2)).isEqualTo(NotificationContentType.MODIFIED_ATTRIBUTES);
        assertThat(NotificationContentType.fromCode(3)).isEqualTo(NotificationContentType.RESOURCE_ID);
        assertThatThrownBy(() -> NotificationContentType.fromCode(9)).isInstanceOf(IllegalArgumentException.class);
    }
}
