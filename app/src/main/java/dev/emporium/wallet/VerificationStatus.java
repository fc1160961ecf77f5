package dev.emporium.wallet;

/** Know-your-customer status. Only {@code VERIFIED} customers may send more than the verification threshold. */
public enum VerificationStatus {
    UNVERIFIED,
    PENDING,
    VERIFIED,
    REJECTED
}
