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
    private int count;

    private RequestStatements(String endpoint) {
        this.endpoint = endpoint;
    }

    static RequestStatements open(String endpoint) {
        RequestStatements scope = new RequestStatements(endpoint);
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

    public int count() {
        return count;
    }
}
