package dev.emporium.platform.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Rejects a query parameter given more than once. Spring would join repeated values with commas
 * ({@code brand=a&brand=b} becomes {@code "a,b"}), which silently asks a different question; a
 * client that repeats a parameter gets a 400 naming it instead.
 */
public final class SingleParameters {

    private SingleParameters() {}

    public static void require(HttpServletRequest request, String... names) {
        for (String name : names) {
            String[] values = request.getParameterValues(name);
            if (values != null && values.length > 1) {
                throw ApiException.badRequest(name, "must be given at most once");
            }
        }
    }
}
