package dev.smartcar.connect.hbase;

import org.apache.kafka.connect.errors.DataException;

/** A record that can never become a row as configured (missing key field, nested value ...): for the DLQ. */
public class UnwritableRecordException extends DataException {

    public UnwritableRecordException(String message) {
        super(message);
    }
}
