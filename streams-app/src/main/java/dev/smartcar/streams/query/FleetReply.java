package dev.smartcar.streams.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code GET /fleet}: the cars of the {@link FleetView} asked for (every car unless bounded), from every instance;
 * {@code complete} is false when an instance did not answer (its {@code error} says why). {@code cars_total} and
 * {@code speeding_total} add up the instances' counts of every car they know, whatever the view, so a bounded view
 * still says how large the fleet is; a car whose partition moved can be in two instances' counts (the old owner
 * keeps its last closed window). A bounded view says whether it left cars out ({@code more}) and, for a page, which
 * car to ask the next page after ({@code next_after}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetReply(double threshold, boolean complete, List<Instance> instances, List<WindowReply> cars,
                         int carsTotal, int speedingTotal, Boolean more, String nextAfter) {

    /** One instance's share: how many cars it knows and how many of them are speeding, or why it did not answer. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Instance(String server, Integer cars, Integer speeding, String error) { }

    /**
     * {@code GET /fleet?scope=local}: one instance's cars in the view asked for, and its counts of every car it knows
     * ({@code more}: the view left some out; absent for every car).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Local(String server, List<WindowReply> cars, Integer total, Integer speeding, Boolean more) { }
}
