package io.bastion.security.esdata;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObjectJSON;
import com.nimbusds.jose.jca.JWEJCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;

/**
 * Lets {@link JWEObjectJSON#decrypt} (which computes the AAD of the JSON object) decrypt for one chosen recipient:
 * the recipient's joined header and encrypted key go to the ordinary Nimbus decrypter of the reader's key. No
 * cryptography here.
 */
final class OneRecipient implements JWEDecrypter {
    private final JWEHeader header;
    private final JWEObjectJSON.Recipient recipient;
    private final JWEDecrypter decrypter;

    OneRecipient(JWEHeader header, JWEObjectJSON.Recipient recipient, JWEDecrypter decrypter) {
        this.header = header;
        this.recipient = recipient;
        this.decrypter = decrypter;
    }

    @Override
    public byte[] decrypt(JWEHeader protectedHeader, Base64URL encryptedKey, Base64URL iv, Base64URL cipherText,
                          Base64URL authTag, byte[] aad) throws JOSEException {
        Base64URL key = recipient != null ? recipient.getEncryptedKey() : encryptedKey;
        return decrypter.decrypt(header, key, iv, cipherText, authTag, aad);
    }

    @Override
    public Set<JWEAlgorithm> supportedJWEAlgorithms() {
        return EsDataAlgorithms.KEY_MANAGEMENT;
    }

    @Override
    public Set<EncryptionMethod> supportedEncryptionMethods() {
        return EsDataAlgorithms.CONTENT;
    }

    @Override
    public JWEJCAContext getJCAContext() {
        return decrypter.getJCAContext();
    }
}
