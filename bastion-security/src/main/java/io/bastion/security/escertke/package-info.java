/**
 * End-to-End Certificate-based Key Establishment, ESCertKE (TS-0003 8.7, 10.3.1; TS-0001 11.4.3; TS-0004
 * 7.5.1.2.12): two certificate holders run a TLS 1.2 handshake whose flights travel as the four ESCertKE Messages
 * ({@link io.bastion.security.escertke.EsCertKeMessage}, {@code m2m:seci} with {@code sit}=6 and {@code eckm}) in two
 * NOTIFY exchanges through the CSEs, then both export the {@link io.bastion.security.escertke.PairwiseE2EKey} with the
 * label {@code EXPORTER-oneM2M-ESCertKE}. A transit CSE carries the flights but learns nothing of the key.
 *
 * <p>{@link io.bastion.security.escertke.EsCertKeInitiator} (the TLS client) and
 * {@link io.bastion.security.escertke.EsCertKeResponder} (the TLS server, one session per initiating entity) are
 * message-driven: no sockets, no threads; the caller carries each message in its NOTIFY. The peer's certificate is
 * checked by a {@link io.bastion.security.escertke.PeerCheck}: a path to the configured trust anchors, the TS-0003
 * 10.1.1 profile, and the expected AE-ID or CSE-ID named in it by the rule every door uses
 * ({@link io.bastion.security.certificate.CertificateIdentity}). No CSE code here: the CSE relays the NOTIFYs, and the
 * client library exposes both roles to AEs.
 */
package io.bastion.security.escertke;
