package dev.smartcar.cli.pilot;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.log.ParseResult;
import dev.smartcar.schemas.rule.OverSpeedReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The independent recount of what the pilot wrote, from the files themselves and the shared parsers, never from
 * the pipeline: lines, valid lines, distinct rows they make in HBase, invalid lines by reason, a random sample of
 * valid lines to compare byte for byte, and (for driving) the over-speed rule's reference alerts.
 */
public final class LineTally {

    /** A valid line kept for the byte-for-byte comparison with its HBase row. */
    public record Sample(String dateText, String carNumber, String line) { }

    public enum Kind { STATUS, DRIVING }

    private static final int SAMPLE_SIZE = 200;

    private final Kind kind;
    private final DrivingLineParser drivingParser;
    private final CarStatusParser statusParser;
    private final OverSpeedReference reference;
    private final DistinctKeys rows = new DistinctKeys();
    private final Map<String, Long> rejectedByReason = new TreeMap<>();
    private final List<Sample> samples = new ArrayList<>();
    /** The days (yyyyMMdd) of the valid lines: the rows to count in HBase are those days' rows. */
    private final Set<String> days = new TreeSet<>();
    private final SplittableRandom random;
    private long lines;
    private long valid;

    public LineTally(Kind kind, LogTimestamp time, OverSpeedReference reference, long seed) {
        this.kind = kind;
        this.drivingParser = new DrivingLineParser(time);
        this.statusParser = new CarStatusParser(time);
        this.reference = reference;
        this.random = new SplittableRandom(seed);
    }

    /** One line, without its terminator. */
    public void add(byte[] b, int off, int len) {
        lines++;
        String dateText;
        String car;
        if (kind == Kind.DRIVING) {
            ParseResult<DrivingRecord> r = drivingParser.parse(b, off, len);
            if (!r.isValid()) {
                rejectedByReason.merge(r.rejection().reason().code(), 1L, Long::sum);
                return;
            }
            DrivingRecord d = r.record();
            dateText = d.getDateText();
            car = d.getCarNumber();
            if (reference != null) {
                reference.add(car, d.getDate().toEpochMilli(), d.getSpeed());
            }
        } else {
            ParseResult<CarStatus> r = statusParser.parse(b, off, len);
            if (!r.isValid()) {
                rejectedByReason.merge(r.rejection().reason().code(), 1L, Long::sum);
                return;
            }
            dateText = r.record().getRegDateText();
            car = r.record().getCarNumber();
        }
        valid++;
        rows.add(dateText, car);
        days.add(dateText.substring(0, 8));
        // Reservoir sampling: every valid line has the same chance to be compared with its row.
        if (samples.size() < SAMPLE_SIZE) {
            samples.add(new Sample(dateText, car, new String(b, off, len, StandardCharsets.US_ASCII)));
        } else {
            long j = random.nextLong(valid);
            if (j < SAMPLE_SIZE) {
                samples.set((int) j, new Sample(dateText, car, new String(b, off, len, StandardCharsets.US_ASCII)));
            }
        }
    }

    public Kind kind() {
        return kind;
    }

    public long lines() {
        return lines;
    }

    public long valid() {
        return valid;
    }

    public long invalid() {
        return lines - valid;
    }

    public long distinctRows() {
        return rows.distinct();
    }

    public Map<String, Long> rejectedByReason() {
        return rejectedByReason;
    }

    public Set<String> days() {
        return days;
    }

    public List<Sample> samples() {
        return samples;
    }
}
