package io.bastion.security.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.time.Timestamps;
import io.bastion.security.acp.AcpParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code m2m:tokenClaimSet} (TS-0004 6.3.5.41; TS-0003 7.3.2.4) with its two serializations: the oneM2M JWT claim set
 * of TS-0003 table 7.3.2.6.2-1 ({@link #toJwtJson()}, {@link #fromJwtJson}) and the short-name attribute form that
 * {@code <token>} resources and the DAS's responses carry ({@link #toShortNames()}, {@link #fromShortNames}).
 *
 * <table>
 *   <caption>claim mapping</caption>
 *   <tr><th>element</th><th>short name</th><th>JWT claim</th></tr>
 *   <tr><td>version</td><td>{@code vr}</td><td>{@code tkvr}</td></tr>
 *   <tr><td>tokenID</td><td>{@code tkid}</td><td>{@code jti}</td></tr>
 *   <tr><td>holder</td><td>{@code tkhd}</td><td>{@code azp}</td></tr>
 *   <tr><td>issuer</td><td>{@code tkis}</td><td>{@code iss}</td></tr>
 *   <tr><td>notBefore</td><td>{@code tknb} (m2m:timestamp)</td><td>{@code nbf} (NumericDate)</td></tr>
 *   <tr><td>notAfter</td><td>{@code tkna} (m2m:timestamp)</td><td>{@code exp} (NumericDate)</td></tr>
 *   <tr><td>tokenName</td><td>{@code tknm}</td><td>{@code tknm}</td></tr>
 *   <tr><td>audience</td><td>{@code tkau}</td><td>{@code aud} (always written as an array)</td></tr>
 *   <tr><td>permissions</td><td>{@code tkps}</td><td>{@code tkps}</td></tr>
 *   <tr><td>extension</td><td>{@code tkex}</td><td>{@code tkex}</td></tr>
 * </table>
 *
 * <p><b>The version's name.</b> TS-0003 table 7.3.2.6.2-1 names the JWT claim {@code tkvr}; TS-0004 table 8.2.5-1
 * gives {@code vr} as the short name of tokenClaimSet.version. Each is taken as authoritative for its own form: JWTs
 * are written with {@code tkvr} (TS-0003 defines the JWT profile), the attribute form with {@code vr} (TS-0004 defines
 * short names). On input each form also accepts the other spelling, since issuers differ (the KETI DAS writes short
 * names, {@code vr}, into its JWTs); when both are present they must be equal.
 *
 * <p>NumericDates are whole seconds: {@code exp} is written rounded down and {@code nbf} rounded up, so a token never
 * becomes valid earlier or later than its claim set says. The JWT's {@code iss} must be present; mandatory elements
 * (version, tokenID, holder, issuer, notBefore, notAfter) missing, values of the wrong type, oversized values and
 * {@code notAfter} not after {@code notBefore} are refused by the parsers with an {@link IllegalArgumentException}
 * whose one-line message names the element. Unknown JWT claims are ignored (RFC 7519 4); unknown short names are
 * refused, as for any oneM2M attribute.
 *
 * @param audience {@code tkau}/{@code aud}; empty when absent
 * @param permissions {@code tkps}; {@link TokenPermissions#NONE} when absent
 * @param name {@code tknm}, or null
 * @param extension {@code tkex}, or null
 */
public record TokenClaims(String version, String tokenId, String holder, String issuer, Instant notBefore,
                          Instant notAfter, String name, List<String> audience, TokenPermissions permissions,
                          String extension) {
    /** The longest identifier or string element accepted. */
    public static final int MAX_ID_LENGTH = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> SHORT_NAMES = java.util.Set.of("vr", "tkvr", "tkid", "tkhd", "tkis",
            "tknb", "tkna", "tknm", "tkau", "tkps", "tkex");

    public TokenClaims {
        require(version, "version");
        require(tokenId, "tokenID");
        require(holder, "holder");
        require(issuer, "issuer");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
        audience = audience == null ? List.of() : List.copyOf(audience);
        permissions = permissions == null ? TokenPermissions.NONE : permissions;
    }

    private static void require(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("token " + what + " is missing");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("token " + what + " is longer than " + MAX_ID_LENGTH + " characters");
        }
    }

    // ------------------------------------------------------------------------------------------------ JWT form

    /** The oneM2M JWT claim set as JSON (the JWS payload). */
    public ObjectNode toJwtJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("tkvr", version);
        o.put("jti", tokenId);
        o.put("iss", issuer);
        o.put("azp", holder);
        long nbf = notBefore.getEpochSecond() + (notBefore.getNano() > 0 ? 1 : 0);
        o.put("nbf", nbf);
        o.put("exp", notAfter.getEpochSecond());
        return putOptional(o, "aud");
    }

    /** The oneM2M JWT claim set as Nimbus claims (same content as {@link #toJwtJson()}). */
    public JWTClaimsSet toJwtClaims() {
        try {
            return JWTClaimsSet.parse(toJwtJson().toString());
        } catch (ParseException e) {
            throw new IllegalStateException("own claim set does not parse", e);
        }
    }

    /** Adds the optional claims, which both forms name alike but for the audience, named {@code aud} here. */
    private ObjectNode putOptional(ObjectNode o, String aud) {
        if (name != null) {
            o.put("tknm", name);
        }
        if (!audience.isEmpty()) {
            ArrayNode a = o.putArray(aud);
            audience.forEach(a::add);
        }
        if (!permissions.permissions().isEmpty()) {
            o.set("tkps", permissions.toJson());
        }
        if (extension != null) {
            o.put("tkex", extension);
        }
        return o;
    }

    /** Reads a oneM2M JWT claim set given as Nimbus claims. */
    public static TokenClaims fromJwtClaims(JWTClaimsSet claims, AcpParser parser) {
        return fromJwtJson(JSON.valueToTree(claims.toJSONObject()), parser);
    }

    /** Reads a oneM2M JWT claim set (the JWS payload as JSON). */
    public static TokenClaims fromJwtJson(JsonNode o, AcpParser parser) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("the JWT claim set is not a JSON object");
        }
        String version = version(o, "tkvr", "vr");
        Instant nbf = numericDate(o.get("nbf"), "nbf");
        Instant exp = numericDate(o.get("exp"), "exp");
        return new TokenClaims(version, text(o, "jti"), text(o, "azp"), text(o, "iss"), nbf, exp,
                text(o, "tknm"), audience(o.get("aud"), "aud"), TokenPermissions.fromJson(o.get("tkps"), parser),
                text(o, "tkex"));
    }

    // ------------------------------------------------------------------------------------------------ short names

    /** The {@code m2m:tokenClaimSet} attribute form with short names, timestamps as m2m:timestamp. */
    public ObjectNode toShortNames() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("vr", version);
        o.put("tkid", tokenId);
        o.put("tkhd", holder);
        o.put("tkis", issuer);
        o.put("tknb", Timestamps.format(notBefore));
        o.put("tkna", Timestamps.format(notAfter));
        return putOptional(o, "tkau");
    }

    /** Reads the short-name attribute form ({@code vr} or {@code tkvr} for the version). */
    public static TokenClaims fromShortNames(JsonNode o, AcpParser parser) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("the token claim set is not a JSON object");
        }
        for (java.util.Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (!SHORT_NAMES.contains(n)) {
                throw new IllegalArgumentException(io.bastion.core.text.Excerpt.of(n) + ": unknown member of "
                        + "m2m:tokenClaimSet");
            }
        }
        String version = version(o, "vr", "tkvr");
        return new TokenClaims(version, text(o, "tkid"), text(o, "tkhd"), text(o, "tkis"),
                timestamp(o, "tknb"), timestamp(o, "tkna"), text(o, "tknm"), audience(o.get("tkau"), "tkau"),
                TokenPermissions.fromJson(o.get("tkps"), parser), text(o, "tkex"));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String version(JsonNode o, String preferred, String alternative) {
        String a = versionValue(o.get(preferred), preferred);
        String b = versionValue(o.get(alternative), alternative);
        if (a != null && b != null && !a.equals(b)) {
            throw new IllegalArgumentException(preferred + " and " + alternative + " disagree");
        }
        return a != null ? a : b;
    }

    /** A version given as a string, or as a number by lenient issuers. */
    private static String versionValue(JsonNode v, String name) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber() || v.isFloatingPointNumber()) {
            return v.asText();
        }
        throw new IllegalArgumentException(name + ": must be a string");
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + ": must be a string");
        }
        if (v.textValue().length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(name + ": longer than " + MAX_ID_LENGTH + " characters");
        }
        return v.textValue();
    }

    private static Instant numericDate(JsonNode v, String name) {
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(name + ": missing");
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() < 0
                || v.doubleValue() > 253402300799d) {
            throw new IllegalArgumentException(name + ": must be a NumericDate (seconds since 1970)");
        }
        if (v.isIntegralNumber()) {
            return Instant.ofEpochSecond(v.longValue());
        }
        double d = v.doubleValue();
        long seconds = (long) Math.floor(d);
        return Instant.ofEpochSecond(seconds, (long) ((d - seconds) * 1e9));
    }

    private static Instant timestamp(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(name + ": missing");
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + ": must be an m2m:timestamp");
        }
        try {
            return Timestamps.parse(v.textValue(), name);
        } catch (OneM2MException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static List<String> audience(JsonNode v, String name) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isTextual()) { // RFC 7519 4.1.3: a single audience may be a string
            return TokenPermissions.strings(JsonNodeFactory.instance.arrayNode().add(v.textValue()), name);
        }
        return new ArrayList<>(TokenPermissions.strings(v, name));
    }
}
