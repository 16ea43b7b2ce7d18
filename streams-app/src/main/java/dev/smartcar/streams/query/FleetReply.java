package dev.smartcar.streams.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code GET /fleet}: every car's current window from every instance; {@code complete} is false when an instance
 * did not answer (its {@code error} says why).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FleetReply(double threshold, boolean complete, List<Instance> instances, List<WindowReply> cars) {

    /** One instance's share: how many cars it answered for, or why it did not. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Instance(String server, Integer cars, String error) { }

    /** {@code GET /fleet?scope=local}: one instance's cars. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Local(String server, List<WindowReply> cars) { }
}
