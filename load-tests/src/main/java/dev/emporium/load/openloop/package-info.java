/**
 * A fixed-arrival-rate HTTP load generator for the overload and soak drills: one thread, non-blocking
 * sockets, kept-alive connections, latency counted from each request's scheduled arrival. Light enough
 * that one core offers several times what the server can answer, which Gatling could not on this machine.
 */
@NullMarked
package dev.emporium.load.openloop;

import org.jspecify.annotations.NullMarked;
