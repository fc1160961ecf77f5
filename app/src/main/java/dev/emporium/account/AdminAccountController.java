package dev.emporium.account;

import dev.emporium.platform.web.Limits;
import dev.emporium.platform.web.PageResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin-only user management and the audit log; the ADMIN check is the security chain's, on /admin/**. */
@RestController
@RequestMapping("/api/v1/admin")
class AdminAccountController {

    private final AccountService accounts;
    private final AuditLog audit;

    AdminAccountController(AccountService accounts, AuditLog audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    @PatchMapping("/users/{id}/role")
    Account changeRole(
            @PathVariable long id,
            @Valid @RequestBody AuthRequests.ChangeRole body,
            @AuthenticationPrincipal Jwt token,
            HttpServletRequest request) {
        return accounts.changeRole(id, body.role(), Long.parseLong(token.getSubject()), request.getRemoteAddr());
    }

    @GetMapping("/audit")
    PageResponse<AuditEntry> audit(
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return audit.page(Limits.limit(limit), cursor);
    }
}
