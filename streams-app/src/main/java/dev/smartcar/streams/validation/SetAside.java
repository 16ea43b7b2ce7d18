package dev.smartcar.streams.validation;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.SetAsideReason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * A valid driving record left out of the over-speed windows, as {@code smartcar.setaside} has it: its original line,
 * its origin ({@link LineValidation#withOrigin}) and why, in headers. Written here by the validation (a record not
 * keyed by its car) and by the windows (late, clock outliers): one place spells the headers.
 */
public final class SetAside {

    private SetAside() {
    }

    /**
     * Adds the reason, its words and the car's clock ({@code yyyyMMddHHmmss}, empty when the car has none) to
     * {@code headers}, which already say where the record came from; returns them.
     */
    public static Headers headers(Headers headers, SetAsideReason reason, String message, String carClock) {
        headers.add(HeaderNames.SETASIDE_REASON, reason.code().getBytes(StandardCharsets.UTF_8));
        headers.add(HeaderNames.SETASIDE_MESSAGE, message.getBytes(StandardCharsets.UTF_8));
        headers.add(HeaderNames.SETASIDE_CAR_CLOCK, carClock.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
