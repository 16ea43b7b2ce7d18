package dev.smartcar.cli.redis;

import java.util.Map;

/** A member of a day's alert set with the details the streams app stored beside it (empty when none). */
public record Alert(AlertMember member, String detailKey, Map<String, String> details) {
}
