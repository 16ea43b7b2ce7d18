package dev.smartcar.connect.hbase;

/** Which timestamp the written cells carry. */
public enum CellTimestamp {
    /** The Kafka record's timestamp: rewriting the same record gives byte-identical cells (idempotent). */
    RECORD,
    /** The region server's clock at write time (a rewrite adds a newer version of the same values). */
    SERVER
}
