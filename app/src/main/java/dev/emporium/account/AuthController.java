package dev.emporium.account;

import dev.emporium.platform.ratelimit.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Register, login, refresh and logout. Public endpoints: the credentials are in the body. */
@Tag(name = "auth")
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final AccountService accounts;
    private final SessionService sessions;

    AuthController(AccountService accounts, SessionService sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @Operation(operationId = "register", summary = "Create a customer account")
    @ApiResponse(responseCode = "201", description = "The new customer")
    @ApiResponse(responseCode = "409", description = "An account with this email (in any letter case) exists")
    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    Account register(@Valid @RequestBody AuthRequests.Register body, HttpServletRequest request) {
        return accounts.register(body.email(), body.password(), body.name(), ClientAddress.of(request));
    }

    @Operation(operationId = "login", summary = "Exchange email and password for an access and a refresh token")
    @ApiResponse(responseCode = "200", description = "A token pair")
    @ApiResponse(responseCode = "401", description = "Unknown email or wrong password (one answer for both)")
    @PostMapping("/login")
    TokenPair login(@Valid @RequestBody AuthRequests.Login body, HttpServletRequest request) {
        return sessions.login(body.email(), body.password(), ClientAddress.of(request));
    }

    @Operation(operationId = "refresh", summary = "Exchange a refresh token for a new pair; the old one stops working")
    @ApiResponse(responseCode = "200", description = "A new token pair")
    @ApiResponse(responseCode = "401", description = "The refresh token is unknown, used, revoked or expired")
    @PostMapping("/refresh")
    TokenPair refresh(@Valid @RequestBody AuthRequests.Refresh body, HttpServletRequest request) {
        return sessions.refresh(body.refreshToken(), ClientAddress.of(request));
    }

    @Operation(operationId = "logout", summary = "End the session of a refresh token (idempotent)")
    @ApiResponse(responseCode = "204", description = "The session is ended, or was already")
    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@Valid @RequestBody AuthRequests.Refresh body, HttpServletRequest request) {
        sessions.logout(body.refreshToken(), ClientAddress.of(request));
    }
}
