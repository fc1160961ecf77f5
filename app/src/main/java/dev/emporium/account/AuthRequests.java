package dev.emporium.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The request bodies of the auth and admin-user endpoints, validated before any work is done. */
final class AuthRequests {

    private AuthRequests() {}

    record Register(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 10, max = 128) String password,
            @NotBlank @Size(max = 100) String name) {}

    /** Only presence and size are checked: anything else is simply a wrong password (401). */
    record Login(
            @NotBlank @Size(max = 254) String email,
            @NotBlank @Size(max = 128) String password) {}

    record Refresh(@NotBlank @Size(max = 256) String refreshToken) {}

    record ChangeRole(@NotNull Role role) {}
}
