package dev.emporium.search;

import dev.emporium.platform.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** The statistics windows the API offers; a window starts at the hour bucket that contains its start. */
enum SearchWindow {
    DAY("24h", Duration.ofHours(24)),
    WEEK("7d", Duration.ofDays(7));

    private final String param;
    private final Duration length;

    SearchWindow(String param, Duration length) {
        this.param = param;
        this.length = length;
    }

    static SearchWindow parse(@Nullable String value) {
        if (value == null) {
            return DAY;
        }
        for (SearchWindow w : values()) {
            if (w.param.equals(value)) {
                return w;
            }
        }
        throw ApiException.badRequest("window", "must be 24h or 7d");
    }

    String param() {
        return param;
    }

    /** The first hour bucket in the window ending now. */
    Instant since(Instant now) {
        return now.minus(length).truncatedTo(ChronoUnit.HOURS);
    }
}
