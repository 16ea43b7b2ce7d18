package dev.smartcar.cli;

/** One line of a verdict: what was checked, what was expected, what was found, and whether they agree. */
public record Check(String name, String expected, String actual, boolean passed) {

    public String mark() {
        return passed ? "PASS" : "FAIL";
    }
}
