package dev.emporium.platform.db;

/**
 * The statements one HTTP request has executed so far, held per thread (each request runs on its
 * own virtual thread). {@link StatementObservingFilter} opens and closes the scope; the statement
 * listener adds to it. Work outside a request has no scope.
 */
public final class RequestStatements {

    /** Request attribute under which the finished count is left for tests and logs. */
    public static final String COUNT_ATTRIBUTE = "emporium.statementCount";

    private static final ThreadLocal<RequestStatements> CURRENT = new ThreadLocal<>();

    private volatile String endpoint;
    private final boolean warmUp;
    private int count;

    private RequestStatements(String endpoint, boolean warmUp) {
        this.endpoint = endpoint;
        this.warmUp = warmUp;
    }

    static RequestStatements open(String endpoint) {
        return open(endpoint, false);
    }

    /** A warm-up request's statements are counted but, like start-up work, neither timed nor judged slow. */
    static RequestStatements open(String endpoint, boolean warmUp) {
        RequestStatements scope = new RequestStatements(endpoint, warmUp);
        CURRENT.set(scope);
        return scope;
    }

    static void close() {
        CURRENT.remove();
    }

    /** The scope of the request running on this thread, or {@code null} outside a request. */
    public static RequestStatements current() {
        return CURRENT.get();
    }

    void describeEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    void add(int statements) {
        count += statements;
    }

    public String endpoint() {
        return endpoint;
    }

    public boolean warmUp() {
        return warmUp;
    }

    public int count() {
        return count;
    }
}
