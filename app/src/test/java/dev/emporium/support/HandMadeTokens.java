package dev.emporium.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds JWTs byte by byte, without the application's encoder, so tests can present tokens the
 * application would never issue: expired, tampered with, unsigned or signed with another key.
 */
public final class HandMadeTokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private HandMadeTokens() {}

    public static String unsigned(String headerJson, String payloadJson) {
        return part(headerJson) + "." + part(payloadJson) + ".";
    }

    public static String hs256(byte[] key, String payloadJson) {
        return signed("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", key, payloadJson);
    }

    /** HMAC-SHA256 over any header: {@code alg} may claim RS256 while the bytes are an HMAC (key confusion). */
    public static String signed(String headerJson, byte[] key, String payloadJson) {
        String signingInput = part(headerJson) + "." + part(payloadJson);
        return signingInput + "." + URL.encodeToString(hmac(key, signingInput));
    }

    /** Signed with an RSA private key under {@code RS256}: a valid signature by a key this service does not hold. */
    public static String rs256(java.security.PrivateKey key, String payloadJson) {
        String signingInput = part("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + part(payloadJson);
        try {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rsa.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps the original signature but swaps in another payload: what a forger without the key can do. */
    public static String withPayload(String token, String payloadJson) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + part(payloadJson) + "." + parts[2];
    }

    public static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static String part(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
