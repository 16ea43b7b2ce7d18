package dev.smartcar.connect.hbase;

import org.apache.hadoop.hbase.client.Durability;

/** The write-ahead-log durabilities the sink offers (HBase's, minus SKIP_WAL, which loses rows on a crash). */
public enum WriteDurability {
    USE_DEFAULT(Durability.USE_DEFAULT),
    ASYNC_WAL(Durability.ASYNC_WAL),
    SYNC_WAL(Durability.SYNC_WAL),
    FSYNC_WAL(Durability.FSYNC_WAL);

    private final Durability hbase;

    WriteDurability(Durability hbase) {
        this.hbase = hbase;
    }

    Durability hbase() {
        return hbase;
    }
}
