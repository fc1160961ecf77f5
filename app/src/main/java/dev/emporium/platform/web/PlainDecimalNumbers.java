package dev.emporium.platform.web;

import java.beans.PropertyEditorSupport;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Whole numbers in paths, queries and headers are plain decimal. Spring's default conversion also reads
 * {@code 0x1F}, {@code #1F} and {@code " 31 "} as 31, so one row answered to many spellings of its id
 * ({@code POST /admin/orders/0x1F/ship} shipped order 31), past any filter or cache key that matches the
 * canonical spelling, and the document's {@code integer} was not what the server accepted. A blank value of
 * an optional parameter still means absent; anything else that is not a decimal number is a 400.
 */
@ControllerAdvice
class PlainDecimalNumbers {

    @InitBinder
    void readWholeNumbersAsPlainDecimal(WebDataBinder binder) {
        binder.registerCustomEditor(long.class, new Decimal(false, true));
        binder.registerCustomEditor(Long.class, new Decimal(true, true));
        binder.registerCustomEditor(int.class, new Decimal(false, false));
        binder.registerCustomEditor(Integer.class, new Decimal(true, false));
    }

    /** {@link Long#valueOf(String)} or {@link Integer#valueOf(String)}: digits with an optional sign, nothing else. */
    private static final class Decimal extends PropertyEditorSupport {

        private final boolean blankIsAbsent;
        private final boolean wide;

        Decimal(boolean blankIsAbsent, boolean wide) {
            this.blankIsAbsent = blankIsAbsent;
            this.wide = wide;
        }

        @Override
        public void setAsText(@Nullable String text) {
            if (text == null || text.isBlank()) {
                if (!blankIsAbsent) {
                    throw new IllegalArgumentException("a number is required");
                }
                setValue(null);
                return;
            }
            if (wide) {
                setValue(Long.valueOf(text));
            } else {
                setValue(Integer.valueOf(text));
            }
        }
    }
}
