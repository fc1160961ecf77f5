package dev.emporium.account;

/** The answer to login and refresh; {@code expiresIn} is the access token's lifetime in seconds. */
record TokenPair(String accessToken, String refreshToken, long expiresIn, String tokenType) {}
