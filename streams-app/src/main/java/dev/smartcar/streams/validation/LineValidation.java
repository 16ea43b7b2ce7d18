package dev.smartcar.streams.validation;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import dev.smartcar.schemas.contract.SetAsideReason;
import dev.smartcar.schemas.log.ParseResult;
import dev.smartcar.schemas.log.Rejection;
import dev.smartcar.streams.counters.PipelineCounters;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The garbage filter (Flume's {@code regex_filter} in the original, made strict): parses each raw line with the
 * shared parser; a valid line goes to the records child keyed by car number, anything else goes to the
 * rejects child with the original bytes and headers saying why and where from (the position spelled out as text,
 * {@link PositionHeaders}). Nothing is dropped.
 */
public final class LineValidation<T> implements Processor<byte[], byte[], Object, Object> {

    static final String REASON_HEADER = HeaderNames.REJECT_REASON;
    static final String MESSAGE_HEADER = HeaderNames.REJECT_MESSAGE;
    static final String ORIGIN_TOPIC_HEADER = HeaderNames.ORIGIN_TOPIC;
    static final String ORIGIN_PARTITION_HEADER = HeaderNames.ORIGIN_PARTITION;
    static final String ORIGIN_OFFSET_HEADER = HeaderNames.ORIGIN_OFFSET;

    /**
     * The over-speed windows in the same task, and whether each record must be keyed by its car to reach them: with
     * several raw partitions a car's records must all be in one (the tail source keys them by car), or its windows
     * would be split over tasks and its averages wrong. A record keyed otherwise goes to {@code setAsideChild} as
     * {@code unkeyed} ({@link SetAsideReason#UNKEYED}) instead of the windows.
     */
    public record InlineWindows(String windowsChild, String setAsideChild, boolean carKeysRequired) { }

    /** Where one outcome goes: the topology's child (a sink) and its topic, for the counters. */
    public record Route(String child, String topic) { }

    private final LineParser<T> parser;
    private final Function<T, String> carNumber;
    private final Route records;
    private final InlineWindows inline;
    private final Route rejects;
    private final PipelineCounters counters;
    private ProcessorContext<Object, Object> context;
    /** The last line's position header and its file's counts: lines come file by file, so one lookup per file. */
    private byte[] lastPosition;
    private PipelineCounters.FileLines lastFileLines;

    /**
     * @param records      the valid records' sink
     * @param inline       the windows fed here too, after the sink; null when they are not
     */
    public LineValidation(LineParser<T> parser, Function<T, String> carNumber, Route records, InlineWindows inline,
                          Route rejects, PipelineCounters counters) {
        this.parser = parser;
        this.carNumber = carNumber;
        this.records = records;
        this.inline = inline;
        this.rejects = rejects;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> line) {
        String origin = context.recordMetadata().map(RecordMetadata::topic).orElse("?");
        counters.lineIn(origin);
        RawLine raw = RawLine.of(line.value(), line.headers());
        if (raw.truncated()) {
            countFileLine(line.headers(), false);
            reject(line, raw, Rejection.Reason.LINE_TOO_LONG.code(), "line of " + raw.fullLength()
                    + " bytes, cut to " + raw.bytes().length + " by the file source: longer than any valid line");
            return;
        }
        ParseResult<T> result = parser.parse(raw.bytes());
        if (!result.isValid()) {
            Rejection rejection = result.rejection();
            countFileLine(line.headers(), false);
            reject(line, raw, rejection.reason().code(), rejection.message());
            return;
        }
        T record = result.record();
        String car = carNumber.apply(record);
        Record<Object, Object> valid = new Record<>(car, record, line.timestamp(), line.headers());
        context.forward(valid, records.child());
        if (inline != null) {
            if (!inline.carKeysRequired() || isKey(line.key(), car)) {
                context.forward(valid, inline.windowsChild());
            } else {
                setAsideUnkeyed(line, raw, car);
            }
        }
        counters.recordOut(records.topic());
        countFileLine(line.headers(), true);
    }

    private void countFileLine(Headers headers, boolean valid) {
        byte[] position = PositionHeaders.position(headers);
        boolean readable = LinePosition.isValid(position);
        if (!readable || lastPosition == null || !LinePosition.sameFile(position, lastPosition)) {
            lastFileLines = counters.fileLines(PositionHeaders.file(headers));
            lastPosition = readable ? position : null;
        }
        lastFileLines.count(valid);
    }

    /** Whether the raw record's key is exactly the car number's (ASCII) bytes. */
    private static boolean isKey(byte[] key, String car) {
        if (key == null || key.length != car.length()) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] != car.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void setAsideUnkeyed(Record<byte[], byte[]> line, RawLine raw, String car) {
        counters.windowRecordIn();
        Headers headers = SetAside.headers(withOrigin(line.headers()), SetAsideReason.UNKEYED,
                "the raw record's key is "
                + (line.key() == null ? "missing" : "'" + new String(line.key(), StandardCharsets.UTF_8) + "'")
                + ", not its car " + car + ": the raw topic has several partitions (or their number was not known at "
                + "start), so the windows count only records keyed by their car (the tail source's key.field=2), which "
                + "keeps each car in one partition", "");
        context.forward(new Record<Object, Object>(car, raw.bytes(), line.timestamp(), headers),
                inline.setAsideChild());
        counters.setAside(SetAsideReason.UNKEYED.code());
    }

    private Headers withOrigin(Headers original) {
        return withOrigin(original, context);
    }

    /** A copy of the record's headers with its position spelled out and where it was read from. */
    public static Headers withOrigin(Headers original, ProcessorContext<?, ?> context) {
        Headers headers = new RecordHeaders(original.toArray());
        PositionHeaders.addReadable(headers);
        context.recordMetadata().ifPresent(origin -> {
            headers.add(ORIGIN_TOPIC_HEADER, utf8(origin.topic()));
            headers.add(ORIGIN_PARTITION_HEADER, utf8(Integer.toString(origin.partition())));
            headers.add(ORIGIN_OFFSET_HEADER, utf8(Long.toString(origin.offset())));
        });
        return headers;
    }

    private void reject(Record<byte[], byte[]> line, RawLine raw, String code, String message) {
        Headers headers = withOrigin(line.headers());
        headers.add(REASON_HEADER, utf8(code));
        headers.add(MESSAGE_HEADER, utf8(message));
        // The original bytes, byte for byte; a record that had no value at all stays without one.
        byte[] value = line.value() == null && raw.bytes().length == 0 ? null : raw.bytes();
        context.forward(new Record<Object, Object>(null, value, line.timestamp(), headers), rejects.child());
        counters.rejected(code);
        counters.recordOut(rejects.topic());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
