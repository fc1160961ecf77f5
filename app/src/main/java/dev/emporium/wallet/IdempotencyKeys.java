package dev.emporium.wallet;

import dev.emporium.platform.web.ApiException;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Idempotency keys for features other than the wallet whose writes move money or stock (orders),
 * with the semantics of the wallet's own transfers ({@link TransferService}) and the same table,
 * retention and purge: one store of keys, not one per feature.
 *
 * <p>Use, inside the one transaction that performs the effect:
 * <ol>
 *   <li>{@link #claim} first. Empty → the key is new and now held by this transaction (a concurrent
 *       request with the same key waits on it); a value → the id of what an earlier request with the
 *       same key and the same fingerprint created: answer it again and change nothing. The same key
 *       with a different fingerprint → 422 {@code idempotency_key_reused}.</li>
 *   <li>{@link #complete} last, with the id of what was created. A transaction that fails rolls its
 *       claim back with everything else, so the key can be used again once the problem is fixed.</li>
 * </ol>
 * The fingerprint must name the operation ({@link #fingerprint}): a key is scoped to its user, not to
 * an endpoint, so one key sent to two different operations is a different request.
 */
@Component
public class IdempotencyKeys {

    /** The request header that carries the key. */
    public static final String HEADER = RequestFingerprint.KEY_HEADER;

    /** The syntax of a key, for the OpenAPI document. */
    public static final String SYNTAX = RequestFingerprint.KEY_SYNTAX;

    private final IdempotencyRepository keys;

    IdempotencyKeys(IdempotencyRepository keys) {
        this.keys = keys;
    }

    /** The key, or 400 when it is missing or malformed. */
    public static String requireKey(@Nullable String key) {
        return RequestFingerprint.requireKey(key);
    }

    /** SHA-256 over the operation's name and its parsed, normalised fields. */
    public static byte[] fingerprint(String operation, @Nullable Object... fields) {
        return RequestFingerprint.of(operation, fields);
    }

    /** Claims the key, or answers the id stored with it; see the class comment. */
    @Transactional(propagation = Propagation.MANDATORY)
    public OptionalLong claim(long userId, String key, byte[] fingerprint) {
        if (keys.claim(userId, key, fingerprint)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(earlierResult(userId, key, fingerprint));
    }

    /** The id stored with a key claimed earlier, or 422 when it came with another request. */
    private long earlierResult(long userId, String key, byte[] fingerprint) {
        IdempotencyRepository.Stored stored =
                keys.stored(userId, key).orElseThrow(() -> new IllegalStateException("claimed key vanished"));
        Long resultId = stored.resultId();
        if (!Arrays.equals(stored.requestHash(), fingerprint) || resultId == null) {
            throw ApiException.unprocessable(
                    "This Idempotency-Key was already used with a different request",
                    Map.of("code", "idempotency_key_reused"));
        }
        return resultId;
    }

    /**
     * The outcome of {@link #claimReserving}: the id reserved for what this request will create, or
     * ({@code replayed}) the id an earlier request with the same key and fingerprint created.
     */
    public record Claim(long id, boolean replayed) {}

    /**
     * Claims the key as {@link #claim} does and, when it is new, reserves the id of what the request
     * will create from {@code idSequence} (a sequence's name): the caller creates it with that id in
     * the same transaction, and no {@link #complete} follows. One statement instead of two, and the key
     * row is written once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Claim claimReserving(long userId, String key, byte[] fingerprint, String idSequence) {
        OptionalLong reserved = keys.claimReserving(userId, key, fingerprint, idSequence);
        if (reserved.isPresent()) {
            return new Claim(reserved.getAsLong(), false);
        }
        return new Claim(earlierResult(userId, key, fingerprint), true);
    }

    /** Records what the claimed key's request created; the last statement of the transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void complete(long userId, String key, long resultId) {
        keys.completeWithResult(userId, key, resultId);
    }
}
