package dev.emporium.account;

import dev.emporium.platform.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own profile. The user id comes from the verified token, never from the request. */
@Tag(name = "account")
@RestController
class MeController {

    private final AccountService accounts;

    MeController(AccountService accounts) {
        this.accounts = accounts;
    }

    @Operation(operationId = "getMe", summary = "The caller's own profile")
    @ApiResponse(responseCode = "200", description = "The caller's account")
    @ApiResponse(responseCode = "404", description = "The account of the token no longer exists")
    @GetMapping("/api/v1/me")
    Account me(@Parameter(hidden = true) @AuthenticationPrincipal Jwt token) {
        return accounts.findById(Long.parseLong(token.getSubject()))
                .orElseThrow(() -> ApiException.notFound("Your account no longer exists"));
    }
}
