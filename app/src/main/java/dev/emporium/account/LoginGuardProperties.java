package dev.emporium.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code emporium.login-guard.*}; the limits themselves are rate-limit groups
 * ({@code emporium.rate-limit.groups.login-account}, {@code .login-address-account}).
 *
 * @param knownAddressHorizon an address the account logged in from successfully within this time is
 *     exempt from the account-wide limit, so an attack on the account from elsewhere cannot keep its
 *     owner out
 */
@ConfigurationProperties("emporium.login-guard")
record LoginGuardProperties(@DefaultValue("30d") Duration knownAddressHorizon) {}
