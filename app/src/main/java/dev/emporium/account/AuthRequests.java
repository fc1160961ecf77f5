package dev.emporium.account;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The request bodies of the auth and admin-user endpoints, validated before any work is done. */
final class AuthRequests {

    private AuthRequests() {}

    record Register(
            @Schema(format = "email", example = "carol@example.com") @NotBlank @Email @Size(max = 254)
            String email,

            @Schema(example = "a-long-passphrase") @NotNull @Size(min = 10, max = 128)
            String password,

            @Schema(example = "Carol") @NotBlank @Size(max = 100)
            String name) {}

    /** Only presence and size are checked: anything else is simply a wrong password (401). */
    record Login(
            @Schema(example = "alice@demo.emporium.dev") @NotBlank @Size(max = 254)
            String email,

            @Schema(example = "emporium-demo") @NotBlank @Size(max = 128)
            String password) {}

    record Refresh(
            @Schema(example = "q8Vd0m3sN1xk2b7W5yJ4tF6hR9cL0pA3eZ8uI1oK2gM") @NotBlank @Size(max = 256)
            String refreshToken) {}

    record ChangeRole(@NotNull Role role) {}
}
