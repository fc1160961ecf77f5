package dev.emporium.platform.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.exc.StreamConstraintsException;

/** The parser's limit messages in a client's words: what was too large and the bound, not the Java setting. */
final class LimitMessages {

    /** Jackson appends where the bound comes from, e.g. {@code (12, from `StreamReadConstraints.getMaxX()`)}. */
    private static final Pattern SOURCE = Pattern.compile(",? from `[^`]*`");

    private LimitMessages() {}

    static String of(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        if (message == null || message.isBlank()) {
            return "The JSON body is nested too deeply or holds a value that is too long";
        }
        Matcher source = SOURCE.matcher(message);
        return "The JSON body is over a limit: " + source.replaceAll("").strip();
    }
}
