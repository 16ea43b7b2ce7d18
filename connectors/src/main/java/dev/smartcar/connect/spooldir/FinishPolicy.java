package dev.smartcar.connect.spooldir;

/** What happens to a file once every one of its records has been acknowledged by Kafka. */
public enum FinishPolicy {
    /** Move it into the finished folder. */
    MOVE,
    /** Delete it. */
    DELETE,
    /** Leave it where it is; the committed offset (position = end of file) records that it is done. */
    LEAVE
}
