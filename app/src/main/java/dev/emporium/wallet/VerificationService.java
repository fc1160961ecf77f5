package dev.emporium.wallet;

import dev.emporium.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Know-your-customer status. Every transfer above the threshold reads it, so it is cached per
 * customer ({@link WalletCaches}) and invalidated when an admin changes it, after the change commits.
 */
@Service
class VerificationService {

    private final VerificationRepository verifications;
    private final WalletAccountRepository accounts;
    private final WalletCaches caches;

    VerificationService(VerificationRepository verifications, WalletAccountRepository accounts, WalletCaches caches) {
        this.verifications = verifications;
        this.accounts = accounts;
        this.caches = caches;
    }

    VerificationStatus status(long userId) {
        return caches.verification(userId, () -> verifications.find(userId).status());
    }

    /** Sets a customer's status (audited); 404 when the id is not a customer with a wallet. */
    @Transactional
    Verification set(long customerId, VerificationStatus status, long adminId, String requestId) {
        if (accounts.accountByOwner(customerId)
                .filter(WalletAccount::isCustomer)
                .isEmpty()) {
            throw ApiException.notFound("No customer with id " + customerId);
        }
        Verification changed = verifications.set(customerId, status, adminId, requestId);
        caches.verificationChangedOnCommit(customerId);
        return changed;
    }
}
