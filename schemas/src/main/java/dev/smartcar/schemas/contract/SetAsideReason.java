package dev.smartcar.schemas.contract;

/**
 * Why the streams app left a valid driving record out of the over-speed windows: the value of the
 * {@link HeaderNames#SETASIDE_REASON} header on {@code smartcar.setaside} (docs/contract.md §Headers). The one list
 * of them: the app, the reference rule and the pilot's checks name a reason by this enum's codes.
 */
public enum SetAsideReason {

    /** The record's window had already closed on its car's clock. */
    LATE("late"),
    /** The record was far from its car's clock and the car's next records did not confirm its time. */
    CLOCK_OUTLIER("clock-outlier"),
    /**
     * The raw record's key was not its car while the raw topic has several partitions (its car's windows would split).
     */
    UNKEYED("unkeyed");

    private final String code;

    SetAsideReason(String code) {
        this.code = code;
    }

    /** The header's value. */
    public String code() {
        return code;
    }

    /** The reason of a header value; throws for a code that is none of them. */
    public static SetAsideReason ofCode(String code) {
        for (SetAsideReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("no set-aside reason '" + code + "'");
    }
}
