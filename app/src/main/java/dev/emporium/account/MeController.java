package dev.emporium.account;

import dev.emporium.platform.ratelimit.ClientAddress;
import dev.emporium.platform.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own profile and sessions. The user id comes from the verified token, never from the request. */
@Tag(name = "account")
@RestController
class MeController {

    private final AccountService accounts;
    private final SessionService sessions;

    MeController(AccountService accounts, SessionService sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @Operation(operationId = "getMe", summary = "The caller's own profile")
    @ApiResponse(responseCode = "200", description = "The caller's account")
    @ApiResponse(responseCode = "404", description = "The account of the token no longer exists")
    @GetMapping("/api/v1/me")
    Account me(@Parameter(hidden = true) @AuthenticationPrincipal Jwt token) {
        return accounts.findById(Long.parseLong(token.getSubject()))
                .orElseThrow(() -> ApiException.notFound("Your account no longer exists"));
    }

    @DeleteMapping("/api/v1/me/sessions")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "revokeAllMySessions",
            summary = "End all of the caller's sessions",
            description = "Every refresh token of the caller stops working at once (this one's session included);"
                    + " access tokens already issued run out within their lifetime. Audited as SESSIONS_REVOKED.")
    @ApiResponse(responseCode = "204", description = "All sessions ended")
    void revokeAllSessions(@Parameter(hidden = true) @AuthenticationPrincipal Jwt token, HttpServletRequest request) {
        sessions.revokeAll(Long.parseLong(token.getSubject()), ClientAddress.of(request));
    }
}
