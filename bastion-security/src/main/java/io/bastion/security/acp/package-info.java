/**
 * The access decision engine of TS-0003 clause 7.1: parsed {@code <accessControlPolicy>} rules
 * ({@link io.bastion.security.acp.AcpParser}), the facts of one request
 * ({@link io.bastion.security.acp.RequestFacts}) and the permit-overrides decision with its grounds
 * ({@link io.bastion.security.acp.AccessDecisionEngine}, {@link io.bastion.security.acp.AccessDecision}).
 *
 * <p>Everything here is pure: no store, no network, no clock. What needs I/O (group membership, later roles) comes
 * in through small interfaces that the CSE implements; the originator's location ({@code rq_loc}) comes in with the
 * request's facts, obtained by the CSE from a {@link io.bastion.security.acp.LocationSource}.
 *
 * <h2>Originator forms and the wildcard</h2>
 *
 * <p>The specifications disagree on {@code *} in {@code accessControlOriginators}:
 * <ul>
 *   <li>TS-0001 table 9.6.2.1-1 lists the kinds (domain, originatorID, {@code all}, Role-ID) and says nothing
 *       about wildcards.</li>
 *   <li>TS-0003 7.1.3 allows {@code *} "in representations of CSE-ID and AE-ID", ends its scope at the next
 *       {@code /}, and says wildcards "are not applicable to SP domain names, resource-IDs of &lt;group&gt;
 *       resources and Role IDs". Its table 7.1.3-2 nevertheless writes <code>//&#42;/myCSEID</code>, a whole-segment
 *       {@code *} in the M2M-SP-ID of an absolute ID.</li>
 *   <li>TS-0004 7.3.3.15 allows {@code *} "into the URI string of domain, CSE-ID and AE-ID at any level", and
 *       its table 7.3.3.15-1 marks it "Allowed" for domain and "Not allowed" for group, {@code all} and
 *       Role-ID.</li>
 * </ul>
 * None of them gives a bare {@code *} a meaning. Where they conflict, this engine takes the reading that grants
 * less, and refuses (4000 at ACP create and update, naming the entry) a form whose meaning a reader could take
 * either way, because any silent choice would either widen access or quietly narrow it:
 *
 * <table>
 *   <caption>acor entries</caption>
 *   <tr><th>Written</th><th>Meaning</th></tr>
 *   <tr><td>{@code all}</td><td>Every originator that has a well-formed ID (not a missing one, see below).</td></tr>
 *   <tr><td>{@code *}, {@code **}</td><td>Refused: "all" to some (TS-0001 uses a bare {@code *} for "any
 *       AE-ID-Stem" in {@code allowedAEs}), "any AE of this CSE" to others, while TS-0004 says {@code all} takes
 *       no wildcard and TS-0003 allows {@code *} only inside an ID. Write {@code all} or {@code C*}.</td></tr>
 *   <tr><td>{@code C98*}, {@code S*} (an AE-ID-Stem)</td><td>The first letter decides where the stem lives
 *       (TS-0001 table 7.2-1): {@code C…} are the AEs registered with this CSE, {@code S…} the SP-assigned AEs
 *       of this SP. A relative pattern that does not start with {@code C} or {@code S} ({@code *abc},
 *       {@code grp*}, {@code R-read*}) or holds a {@code /} is refused: it is not an AE-ID, and group IDs and
 *       Role-IDs take no wildcard.</td></tr>
 *   <tr><td><code>/myCSE*</code>, <code>/id-in/C98&#42;</code>, <code>/myCSE&#42;/C98*</code>,
 *       <code>/*</code></td><td>SP-relative CSE-IDs and AE-IDs of this SP (TS-0003 table 7.1.3-2). CSE-IDs and
 *       SP-assigned AE-IDs share the one-segment form, so <code>/*</code> is every CSE and every {@code S} AE of
 *       this SP, and no {@code C} AE.</td></tr>
 *   <tr><td><code>//&#42;/myCSEID</code>, <code>//&#42;/myCSE&#42;/C9886</code>,
 *       <code>//sp.example/id-in/C*</code></td><td>Absolute IDs. The M2M-SP-ID is either written out or is a
 *       single {@code *} meaning any SP, as in TS-0003 table 7.1.3-2. A partial wildcard in it
 *       (<code>//sp*&#47;...</code>, <code>//&#42;.example/...</code>) is refused: it is a wildcard over a domain
 *       name, which TS-0003 excludes, and {@code //sp.example*} would also match a look-alike
 *       {@code //sp.example.evil}.</td></tr>
 *   <tr><td>More than two segments after the M2M-SP-ID with a {@code *}</td><td>Refused: no CSE-ID or AE-ID has
 *       them, so the pattern would name resources, not originators.</td></tr>
 *   <tr><td>{@code //sp.example}</td><td>An SP domain: every originator whose absolute ID is in exactly that
 *       M2M-SP-ID, compared exactly; a sub-domain is another M2M-SP-ID and must be named itself.</td></tr>
 *   <tr><td>{@code //*}, {@code //*.example}</td><td>Refused: a wildcard in an SP domain (TS-0003 7.1.3 forbids,
 *       TS-0004 allows; the security specification wins). Write {@code all} for every originator.</td></tr>
 *   <tr><td>Any other entry without {@code *}</td><td>An ID compared exactly after making both sides absolute
 *       ({@link io.bastion.security.acp.LocalIdentity#canonical}), else a {@code <group>} resource ID, else a
 *       Role-ID (which never matches until roles are enabled).</td></tr>
 *   <tr><td>{@code ''}, {@code []}, {@code //}, {@code /}, an entry with an empty segment ({@code /id-in//C1},
 *       {@code C1/})</td><td>Refused.</td></tr>
 * </table>
 *
 * <p>Within an accepted pattern each {@code *} matches any run of characters, possibly empty, inside one segment and
 * never a {@code /} ({@link io.bastion.security.acp.Glob}), so {@code /id-in/C*} matches {@code /id-in/C1} and
 * {@code /id-in/C}, but not {@code /id-in2/C1} nor {@code /id-in/C1/x}.
 *
 * <p><b>The originator</b> is the authenticated identity that matched {@code From} (TS-0003 7.1.5). A missing or
 * empty one matches no entry, not even {@code all}; so does one that is not a well-formed ID: an empty segment
 * ({@code /}, {@code //}, {@code /id-in//Cabc}, {@code Cabc/}), a {@code *} (an originator is never a pattern), a
 * space or a control character.
 *
 * <h2>Failing closed</h2>
 *
 * <p>Every condition denies when its data is missing or cannot be evaluated: no source address, an address of a
 * family no block lists, no location or one of the wrong kind, a time the schedule cannot name, an unresolvable,
 * failing, cyclic or too deeply nested group, a Role-ID while roles are disabled, {@code acaf} without an
 * authenticated association, a CREATE whose types {@code acod} cannot check. Malformed policies are refused when
 * they are written. An exception anywhere in the evaluation makes the whole decision a deny (TS-0003 7.1.4:
 * "not capable of deriving a final result").
 *
 * <h2>What a decision costs</h2>
 *
 * <p>A decision reads every rule of the linked policies until one permits, and a deny reads them all, so the work per
 * rule is kept to a few comparisons on data laid out for it: policies are prepared when they are parsed (a rule set
 * keeps its rules' {@code acop}, flags and contexts side by side in a {@link io.bastion.security.acp.RuleList}, a
 * rule keeps its {@code acor} sorted by kind in an {@link io.bastion.security.acp.AcorList}, schedules are bit words,
 * address blocks int masks, equal {@code acco} values of one set are parsed once and shared), and the request is
 * prepared once per decision ({@link io.bastion.security.acp.PreparedFacts}). A deny records which rules' originators
 * matched (group lookups are I/O and are not repeated) and writes the text of its trail only when it is read
 * ({@link io.bastion.security.acp.DenyTrail}). None of this changes what is decided or how it is explained.
 */
package io.bastion.security.acp;
