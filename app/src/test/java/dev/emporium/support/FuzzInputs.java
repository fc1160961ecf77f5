package dev.emporium.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * The property every parser of client text must have, for the Jazzer fuzz tests: it answers a value
 * or refuses with a 400 {@link ApiException}, and never throws anything else (which would be a 500).
 *
 * <p>The fuzz tests take {@code byte[]} so the committed corpus files under
 * {@code src/test/resources/<package>/<TestClass>Inputs/<method>/} are the input text itself, readable
 * and easy to add to. Without {@code JAZZER_FUZZ} (CI, {@code ./mvnw verify}) Jazzer runs only those
 * files; {@code JAZZER_FUZZ=1 ./mvnw -pl app test -Dtest=ProductCursorFuzzTests} fuzzes for real.
 */
public final class FuzzInputs {

    private FuzzInputs() {}

    /** The bytes as a client's text (invalid UTF-8 becomes U+FFFD, as Jetty decodes it). */
    public static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    /** The parser's answer, or null when it refused with a 400; any other exception fails the fuzz test. */
    public static <T> @Nullable T parsedOrRefused(Supplier<T> parser) {
        try {
            return parser.get();
        } catch (ApiException refused) {
            assertThat(refused.status()).as(refused.getMessage()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.errors())
                    .as("a refusal names the field at fault")
                    .isNotEmpty();
            return null;
        }
    }
}
