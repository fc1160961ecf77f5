package dev.emporium.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Register, login, refresh and logout. Public endpoints: the credentials are in the body. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final AccountService accounts;
    private final SessionService sessions;

    AuthController(AccountService accounts, SessionService sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    Account register(@Valid @RequestBody AuthRequests.Register body, HttpServletRequest request) {
        return accounts.register(body.email(), body.password(), body.name(), request.getRemoteAddr());
    }

    @PostMapping("/login")
    TokenPair login(@Valid @RequestBody AuthRequests.Login body, HttpServletRequest request) {
        return sessions.login(body.email(), body.password(), request.getRemoteAddr());
    }

    @PostMapping("/refresh")
    TokenPair refresh(@Valid @RequestBody AuthRequests.Refresh body, HttpServletRequest request) {
        return sessions.refresh(body.refreshToken(), request.getRemoteAddr());
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@Valid @RequestBody AuthRequests.Refresh body, HttpServletRequest request) {
        sessions.logout(body.refreshToken(), request.getRemoteAddr());
    }
}
