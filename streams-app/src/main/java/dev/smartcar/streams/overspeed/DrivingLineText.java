package dev.smartcar.streams.overspeed;

import dev.smartcar.avro.DrivingRecord;
import java.nio.charset.StandardCharsets;

/**
 * The driving line a record was parsed from, byte for byte. Exact because the parser accepts only canonical
 * lines: printable ASCII, exactly 8 fields, numbers without sign or leading zero, the steering, indicator and
 * area codes spelled one way each, and the timestamp kept as written ({@code date_text}, hour 24 included). So a
 * set-aside record needs no copy of its line in a header: its value is rebuilt from the Avro record.
 */
final class DrivingLineText {

    private DrivingLineText() {
    }

    static String of(DrivingRecord r) {
        return new StringBuilder(40).append(r.getDateText()).append(',').append(r.getCarNumber()).append(',')
                .append(r.getSpeedPedal()).append(',').append(r.getBreakPedal()).append(',')
                .append(r.getSteerAngle().name()).append(',').append(r.getDirectLight().name()).append(',')
                .append(r.getSpeed()).append(',').append(r.getAreaNumber()).toString();
    }

    static byte[] bytes(DrivingRecord r) {
        return of(r).getBytes(StandardCharsets.US_ASCII);
    }
}
