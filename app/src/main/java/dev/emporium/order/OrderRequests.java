package dev.emporium.order;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Request bodies. Fields are checked in {@link OrderService} so every rule answers the same problem shape. */
final class OrderRequests {

    private OrderRequests() {}

    @Schema(name = "NewOrder")
    record NewOrder(
            @Schema(
                    description = "one line per product; no product twice",
                    minLength = 1,
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            List<@Nullable NewOrderItem> items) {}

    @Schema(name = "NewOrderItem")
    record NewOrderItem(
            @Schema(format = "int64", minimum = "1", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable
            Long productId,

            @Schema(format = "int32", minimum = "1", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable
            Integer quantity) {}
}
