package dev.emporium.account;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code emporium.audit.*}.
 *
 * @param retention audit rows older than this are deleted (a token refresh writes one every few
 *     minutes per active user, so the log would otherwise grow without end); pick it from your legal
 *     and investigation needs
 */
@Validated
@ConfigurationProperties("emporium.audit")
public record AuditProperties(@NotNull @DefaultValue("365d") Duration retention) {}
