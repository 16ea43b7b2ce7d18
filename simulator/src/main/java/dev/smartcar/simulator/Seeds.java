package dev.smartcar.simulator;

import java.security.SecureRandom;

/** The seed of a run without {@code --seed}: unpredictable, and printed in the summary so the run can be repeated. */
final class Seeds {

    private Seeds() { }

    static long random() {
        return new SecureRandom().nextLong();
    }
}
