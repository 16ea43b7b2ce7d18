package dev.smartcar.schemas.registry;

/**
 * A registry call that failed: carries the HTTP status and Confluent's error code (40401 subject not found,
 * 40403 schema not found, 409 incompatible, 42201 invalid schema; -1 when the registry was not reachable).
 */
public class RegistryException extends RuntimeException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE = 409;
    public static final int INVALID_SCHEMA = 42201;

    private final int status;
    private final int errorCode;

    public RegistryException(String message, int status, int errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.errorCode = -1;
    }

    /** HTTP status of the answer, -1 if there was none. */
    public int status() {
        return status;
    }

    /** Confluent error code of the answer, -1 if there was none. */
    public int errorCode() {
        return errorCode;
    }

    boolean notFound() {
        return errorCode == SUBJECT_NOT_FOUND || errorCode == SCHEMA_NOT_FOUND || errorCode == VERSION_NOT_FOUND
                || (status == 404 && errorCode <= 0);
    }
}
