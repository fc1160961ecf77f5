package dev.emporium.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The HMAC key that signs access tokens. A configured secret wins; otherwise the key is generated
 * once and stored in {@code server_secrets}, so nodes sharing a database accept each other's tokens
 * and a restart does not log everybody out.
 */
final class SigningKey {

    private static final String NAME = "jwt-hmac-sha256";

    private static final String INSERT_IF_ABSENT = """
            insert into server_secrets (name, secret)
            values (:name, :secret)
            on conflict (name) do nothing
            """;

    private static final String FIND = """
            select secret
              from server_secrets
             where name = :name
            """;

    private SigningKey() {}

    static SecretKey resolve(TokenProperties properties, JdbcClient jdbc) {
        byte[] key;
        if (properties.jwtSecret() != null && !properties.jwtSecret().isBlank()) {
            key = properties.jwtSecret().getBytes(StandardCharsets.UTF_8);
            if (key.length < 32) {
                throw new IllegalStateException("emporium.security.jwt-secret must be at least 32 bytes");
            }
        } else {
            byte[] generated = new byte[32];
            new SecureRandom().nextBytes(generated);
            jdbc.sql(INSERT_IF_ABSENT)
                    .param("name", NAME)
                    .param("secret", generated)
                    .update();
            key = jdbc.sql(FIND).param("name", NAME).query(byte[].class).single();
        }
        return new SecretKeySpec(key, "HmacSHA256");
    }
}
