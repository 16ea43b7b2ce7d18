package dev.smartcar.streams.query;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** {@code GET /cars/{car}}: the car's open windows, closed windows, clock and recent alerts, from its owner. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CarReply(String carNumber, int partition, String servedBy, String clock, double threshold,
                       WindowReply openWindow, List<WindowReply> openWindows, List<WindowReply> closedWindows,
                       List<Map<String, Object>> alerts) {
}
