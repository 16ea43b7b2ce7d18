package dev.smartcar.simulator;

/** How the driving log is rotated once it reaches {@code --rotate-bytes}, the two ways logrotate does it. */
enum RotationMode {
    /** FILE becomes FILE.1 (FILE.1 becomes FILE.2 ...) and a new, empty FILE is created. */
    RENAME,
    /** FILE is copied to FILE.1 (after the same shift) and then truncated to 0 bytes in place. */
    COPYTRUNCATE
}
