package dev.emporium.account;

import dev.emporium.platform.web.ApiException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own profile. The user id comes from the verified token, never from the request. */
@RestController
class MeController {

    private final AccountService accounts;

    MeController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/api/v1/me")
    Account me(@AuthenticationPrincipal Jwt token) {
        return accounts.findById(Long.parseLong(token.getSubject()))
                .orElseThrow(() -> ApiException.notFound("Your account no longer exists"));
    }
}
