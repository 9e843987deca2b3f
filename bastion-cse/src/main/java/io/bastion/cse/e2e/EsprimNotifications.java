package io.bastion.cse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.cse.notification.NotificationRoute;
import io.bastion.security.e2e.E2eSecInfo;
import io.bastion.security.e2e.EsprimAlgorithm;
import io.bastion.security.e2e.EsprimHeader;
import io.bastion.security.e2e.EsprimOriginator;
import io.bastion.security.e2e.InnerPrimitives;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.e2e.PairwiseKeyStore;
import io.bastion.security.e2e.ReceiverRandObject;
import io.bastion.security.e2e.SecurityInfo;
import io.bastion.store.ResourceStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This CSE as ESPrim Originator of its notifications (TS-0003 8.4.2, TS-0001 11.4.2 with the CSE as Originator): a
 * NOTIFY to an AE registered here that advertises ESPrim in its {@code esi} ({@code esf} 13, 23, 33 or 43) and with
 * which this CSE shares a pairwise key (provisioned with {@code credentials e2e add --entity <AE-ID>}, or established
 * by ESCertKE with the AE) is sent protected: the notification becomes the inner request ({@code to} the AE-ID,
 * {@code fr} this CSE-ID), carried as {@code m2m:seci} {@code sit}=5 in an outer NOTIFY to the AE's point of access;
 * the AE's protected answer is opened and is what the dispatcher sees. The receiver rand object is the AE's
 * {@code esro} while it has a minute left, else a unique one by {@code sit}=3 to the same point of access; a session
 * per AE and key protects many notifications until it expires.
 *
 * <p>{@link NotificationRoute#toAe} names such a point of access {@code esprim:<AE ri>;<poa>}
 * ({@link NotificationRoute#esprimTarget}) when this transport {@linkplain #supports supports} it: only when the key
 * exists, so that an AE without one is notified as before. Once chosen, a notification is never sent in the clear: a
 * key withdrawn in between fails the attempt. A NOTIFY from another originator that this CSE relays to the AE
 * (TS-0004 7.3.3.9.1) goes as it came: it is not this CSE's to protect, and an ESPrim object in it is the AEs'.
 */
public final class EsprimNotifications implements NotificationTransport {
    private static final Logger LOG = LoggerFactory.getLogger(EsprimNotifications.class);
    private static final Duration SESSION = Duration.ofMinutes(10);

    private final String cseId;
    private final IdForms ids;
    private final ResourceStore store;
    private final PairwiseKeyStore keys;
    private final NotificationTransport wire;
    private final Clock clock;
    private final EsprimOriginator originator;
    private final Map<String, EsprimOriginator.Session> sessions = new ConcurrentHashMap<>();

    /** @param wire how the outer NOTIFY reaches a point of access (the HTTP client) */
    public EsprimNotifications(IdForms ids, ResourceStore store, PairwiseKeyStore keys, NotificationTransport wire,
                               Clock clock, SecureRandom random) {
        this.cseId = ids.cseId();
        this.ids = ids;
        this.store = store;
        this.keys = keys;
        this.wire = wire;
        this.clock = clock;
        this.originator = new EsprimOriginator(clock, random);
    }

    /** Whether an AE's {@code esi} says it is an ESPrim Receiver. */
    public static boolean advertises(Resource ae) {
        JsonNode esf = ae.get("esi") == null ? null : ae.get("esi").get("esf");
        if (esf == null || !esf.isArray()) {
            return false;
        }
        for (JsonNode v : esf) {
            int suid = v.asInt();
            if (suid == 13 || suid == 23 || suid == 33 || suid == 43) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean supports(String target) {
        Optional<NotificationRoute.EsprimTarget> t = NotificationRoute.EsprimTarget.parse(target);
        return t.isPresent() && wire.supports(t.get().poa())
                && ae(t.get()).filter(EsprimNotifications::advertises).flatMap(this::key).isPresent();
    }

    @Override
    public CompletableFuture<Response> send(String target, Request notify, Serialization serialization,
                                            Duration timeout) {
        try {
            NotificationRoute.EsprimTarget t = NotificationRoute.EsprimTarget.parse(target).orElseThrow(() ->
                    new IllegalArgumentException("not an ESPrim notification target"));
            if (!cseId.equals(notify.fr()) || SecurityInfo.isSecurityInfo(notify.pc())) {
                // a NOTIFY another originator sent the AE through this CSE is relayed as it came: only this CSE's own
                // notifications are this CSE's to protect (an end-to-end message is the AEs' business)
                return wire.send(t.poa(), notify.toBuilder().to(t.poa()).build(), serialization, timeout);
            }
            Resource ae = ae(t).orElseThrow(() -> new IllegalStateException("the AE " + t.aeRi() + " is gone"));
            PairwiseKey key = key(ae).orElseThrow(() -> new IllegalStateException("no pairwise key for AE "
                    + t.aeRi() + " any more; the notification is not sent in the clear"));
            String aei = ae.getText("aei");
            return session(t, ae, key, serialization, timeout).thenCompose(s -> {
                Request inner = notify.toBuilder().to(aei).fr(cseId).build();
                String epo = s.protect(InnerPrimitives.requestBytes(inner), EsprimHeader.JSON);
                Request outer = notify.toBuilder().to(t.poa()).fr(cseId)
                        .pc(SecurityInfo.esprimObject(epo).toJson()).build();
                return wire.send(t.poa(), outer, serialization, timeout).thenApply(r -> opened(t, key, s, r));
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Response opened(NotificationRoute.EsprimTarget t, PairwiseKey key, EsprimOriginator.Session s,
                            Response outer) {
        if (outer.rsc() == ResponseStatusCode.ESPRIM_UNKNOWN_RECV_RAND_ID
                || outer.rsc() == ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID) {
            sessions.remove(t.aeRi() + "\n" + key.keyId(), s); // the AE forgot it: the next attempt starts anew
        }
        if (outer.rsc() != ResponseStatusCode.OK) {
            return outer;
        }
        try {
            SecurityInfo seci = SecurityInfo.fromJson(outer.pc(), clock.instant());
            if (seci.epo() == null) {
                throw OneM2MException.badRequest("the AE answered m2m:seci sit " + seci.sit().value() + ", not 5");
            }
            return InnerPrimitives.response(s.open(seci.epo()));
        } catch (OneM2MException e) {
            LOG.debug("the protected answer of AE {} refused: {}", t.aeRi(), e.getMessage());
            return Response.error(e.status(), "the AE's protected answer: " + e.getMessage());
        }
    }

    private Optional<Resource> ae(NotificationRoute.EsprimTarget t) {
        return store.get(t.aeRi()).filter(r -> r.getText("aei") != null);
    }

    private Optional<PairwiseKey> key(Resource ae) {
        return keys.forEntity(ae.getText("aei"), this::same, clock.instant());
    }

    private boolean same(String a, String b) {
        return Objects.equals(canonical(a), canonical(b));
    }

    private String canonical(String id) {
        String n = id == null ? null : ids.normalize(id);
        return n == null ? id : n;
    }

    private CompletableFuture<EsprimOriginator.Session> session(NotificationRoute.EsprimTarget t, Resource ae,
                                                               PairwiseKey key, Serialization serialization,
                                                               Duration timeout) {
        String k = t.aeRi() + "\n" + key.keyId();
        EsprimOriginator.Session s = sessions.get(k);
        if (s != null && s.valid()) {
            return CompletableFuture.completedFuture(s);
        }
        return randObject(t, ae, serialization, timeout).thenApply(r -> {
            EsprimAlgorithm alg = r.espa().contains(EsprimAlgorithm.A256GCM.id()) ? EsprimAlgorithm.A256GCM
                    : EsprimAlgorithm.ofId(r.espa().get(0));
            EsprimOriginator.Session fresh = originator.start(key, r, alg, SESSION);
            sessions.put(k, fresh);
            return fresh;
        });
    }

    /** The AE's shared rand object while it has a minute left, else a unique one asked for by sit 3. */
    private CompletableFuture<ReceiverRandObject> randObject(NotificationRoute.EsprimTarget t, Resource ae,
                                                             Serialization serialization, Duration timeout) {
        Instant now = clock.instant();
        try {
            E2eSecInfo esi = E2eSecInfo.fromJson(ae.get("esi"), "esi", now);
            if (esi.esro() != null && esi.esro().validAt(now.plusSeconds(60))) {
                return CompletableFuture.completedFuture(esi.esro());
            }
        } catch (OneM2MException e) {
            // validated when written; a stale form is as good as none: ask
        }
        Request sit3 = Request.builder(Operation.NOTIFY, t.poa()).fr(cseId).rqi("esprim-" + now.toEpochMilli())
                .rvi("3").pc(SecurityInfo.randObjectRequest().toJson()).build();
        return wire.send(t.poa(), sit3, serialization, timeout).thenApply(r -> {
            if (r.rsc() != ResponseStatusCode.OK) {
                throw new OneM2MException(r.rsc(), "the AE refused a receiverESPrimRandObject Request");
            }
            ReceiverRandObject ero = SecurityInfo.fromJson(r.pc(), clock.instant()).ero();
            if (ero == null) {
                throw OneM2MException.badRequest("the AE answered no receiverESPrimRandObject (sit 4)");
            }
            return ero;
        });
    }
}
