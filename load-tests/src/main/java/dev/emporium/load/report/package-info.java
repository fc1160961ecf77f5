/**
 * The performance and production-readiness report: reads Gatling's simulation logs and the
 * server's metrics, and writes the Markdown and HTML report under {@code report/}.
 */
@NullMarked
package dev.emporium.load.report;

import org.jspecify.annotations.NullMarked;
