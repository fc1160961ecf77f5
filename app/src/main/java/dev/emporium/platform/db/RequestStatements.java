package dev.emporium.platform.db;

import org.jspecify.annotations.Nullable;

/**
 * The statements one HTTP request has executed so far, held per thread (each request runs on its
 * own virtual thread). {@link StatementObservingFilter} opens and closes the scope; the statement
 * listener adds to it. Work outside a request has no scope. A read the request runs beside its own on a
 * spare connection ({@link SpareConnections}) counts in the same scope, so the count can grow from two
 * threads at once.
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

    synchronized void add(int statements) {
        count += statements;
    }

    /** Makes {@code scope} (null: none) the current one on this thread, e.g. a helper thread of the request. */
    static void enter(@Nullable RequestStatements scope) {
        if (scope == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(scope);
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public boolean warmUp() {
        return warmUp;
    }

    public synchronized int count() {
        return count;
    }
}
