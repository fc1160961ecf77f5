package dev.emporium.account;

import dev.emporium.platform.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own profile and sessions. The user id comes from the verified token, never from the request. */
@RestController
class MeController {

    private final AccountService accounts;
    private final SessionService sessions;

    MeController(AccountService accounts, SessionService sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @GetMapping("/api/v1/me")
    Account me(@AuthenticationPrincipal Jwt token) {
        return accounts.findById(Long.parseLong(token.getSubject()))
                .orElseThrow(() -> ApiException.notFound("Your account no longer exists"));
    }

    @DeleteMapping("/api/v1/me/sessions")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "End all of the caller's sessions",
            description = "Every refresh token of the caller stops working at once (this one's session included);"
                    + " access tokens already issued run out within their lifetime. Audited as SESSIONS_REVOKED.")
    @ApiResponse(responseCode = "204", description = "All sessions ended")
    @ApiResponse(
            responseCode = "401",
            description = "No valid access token",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(hidden = true)))
    void revokeAllSessions(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
        sessions.revokeAll(Long.parseLong(token.getSubject()), request.getRemoteAddr());
    }
}
