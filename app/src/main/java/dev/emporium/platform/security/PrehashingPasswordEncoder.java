package dev.emporium.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.lang.Contract;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * bcrypt over a SHA-256 digest of the password.
 *
 * <p>bcrypt reads at most 72 bytes, and Spring Security refuses longer input outright, yet the API
 * accepts passwords of up to 128 characters (up to 512 UTF-8 bytes). Digesting first gives bcrypt a
 * fixed 44-character input that depends on every byte of the password, so two long passwords that
 * share their first 72 bytes never collide. The digest is Base64-encoded so that it contains no NUL
 * byte, which bcrypt implementations treat as the end of the input.
 *
 * <p>Every hash in {@code users.password_hash} is produced by this encoder; anything that writes
 * that column (the demo-data seeder included) must obtain its hash from here.
 */
final class PrehashingPasswordEncoder implements PasswordEncoder {

    private final BCryptPasswordEncoder bcrypt;

    PrehashingPasswordEncoder(int strength) {
        this.bcrypt = new BCryptPasswordEncoder(strength);
    }

    @Override
    @Contract("null -> null; !null -> !null")
    public @Nullable String encode(@Nullable CharSequence rawPassword) {
        return rawPassword == null ? null : bcrypt.encode(digest(rawPassword));
    }

    @Override
    public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
        return rawPassword != null && encodedPassword != null && bcrypt.matches(digest(rawPassword), encodedPassword);
    }

    @Override
    public boolean upgradeEncoding(@Nullable String encodedPassword) {
        return bcrypt.upgradeEncoding(encodedPassword);
    }

    private static String digest(CharSequence rawPassword) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256")
                    .digest(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
