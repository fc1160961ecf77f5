package dev.emporium.platform.web;

/**
 * A request body without a declared length (chunked) grew past the body limit while being read; answered 413 by
 * {@link ApiExceptionHandler}. Unchecked so that it passes through JSON and CSV readers unwrapped.
 */
final class ContentTooLargeException extends RuntimeException {

    private final long limit;

    ContentTooLargeException(long limit) {
        super("The request body may be at most " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
