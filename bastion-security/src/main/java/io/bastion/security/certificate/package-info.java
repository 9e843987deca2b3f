/**
 * Certificate-based security associations (TS-0003 8.2.2.2): the CA certificates this CSE trusts
 * ({@link io.bastion.security.certificate.TrustStore}), PKIX path validation and the certificate profile of TS-0003
 * 10.1.1 ({@link io.bastion.security.certificate.CertificateProfile}), the identity a certificate proves
 * ({@link io.bastion.security.certificate.CertificateIdentity}; for a raw public key its id,
 * {@link io.bastion.security.certificate.PublicKeyId}) and the binding table that maps Credential-IDs to the
 * AE-IDs they may use ({@link io.bastion.security.certificate.CertificateBindings}), tied together by
 * {@link io.bastion.security.certificate.CertificateAuthenticator}. The server's own key is behind
 * {@link io.bastion.security.certificate.ServerCredentials}.
 *
 * <p>Revocation is the operator's local deny list ({@link io.bastion.security.certificate.CertificateRevocations},
 * {@code bastion credentials cert revoke}); CRLs and OCSP are neither fetched nor checked. Open associations are
 * checked again when the trusted CAs, the bindings or the deny list change
 * ({@link io.bastion.security.certificate.CertificateAuthenticator#associate}).
 */
package io.bastion.security.certificate;
