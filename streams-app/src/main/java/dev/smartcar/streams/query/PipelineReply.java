package dev.smartcar.streams.query;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /pipeline}: the instances' counters and their sum, lines per source file, and (in {@code system})
 * consumer lag and each component's health, whose keys are spliced into the reply.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PipelineReply(boolean complete, Map<String, Object> total, Map<String, Object> files,
                            List<Instance> instances, @JsonAnyGetter Map<String, Object> system) {

    /** One instance's counters ({@code /pipeline?scope=local}), or why it did not answer. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Instance(String server, String state, Map<String, Object> metrics, Map<String, Object> files,
                           String error) { }
}
