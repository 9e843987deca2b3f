/**
 * End-to-End Security of Data, ESData (TS-0003 8.5) with JOSE: {@link io.bastion.security.esdata.EsDataProtection}
 * makes JWS, JWE and nested sign-then-encrypt envelopes in the forms of m2m:contentSecurity 1–3
 * ({@link io.bastion.security.esdata.EsDataForm}, {@link io.bastion.security.esdata.ContentInfo}),
 * {@link io.bastion.security.esdata.EsDataReader} opens them with the reader's
 * {@link io.bastion.security.esdata.EsDataKeys} and says who signed. No CSE code: AEs use it directly.
 */
package io.bastion.security.esdata;
