/**
 * The M2M Enrolment Function (MEF) of TS-0003 8.3 as a service of its own ({@code ./bastion mef run}): the
 * pre-provisioned symmetric key Remote Security Provisioning Framework (8.3.2.1: TLS-PSK with a Kpm, Ke and KeID from
 * the exporter {@code EXPORTER-oneM2M-Bootstrap}, 10.3.1, 10.3.4), the {@code <MEFBase>}, {@code <mefClientReg>} and
 * {@code <mefClientCmd>} resources of TS-0032 (type numbers in {@code TrustEnablingTypes}), the MEF Client Command
 * procedures of 8.3.9 with the {@code cmdStatusCode} values of 12.3.2.4, and the EST server (RFC 7030, 8.3.6.2) that
 * answers CERT_PROV commands with certificates of the MEF's CA.
 */
package io.bastion.trust.mef;
