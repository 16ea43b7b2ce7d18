package dev.smartcar.simulator;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The two options every command shares: which simulated day, and how many cars (a picocli mixin). */
final class FleetDay {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    /** Null until {@code --date} is given: the commands require it. */
    SimulatedDay day;
    int cars = 100;

    @Option(names = "--date", paramLabel = "yyyyMMdd", order = 1, description =
            "the simulated day (required), e.g. 20200322")
    void date(String text) {
        day = new OptionText(spec).day("--date", text);
    }

    @Option(names = "--cars", paramLabel = "N", order = 2, description = "number of cars, 1-" + FleetNumbers.MAX_CARS
            + " (default 100); past 9999 the 4-digit indices repeat under other letters, every number distinct")
    void cars(String text) {
        cars = (int) new OptionText(spec).whole("--cars", text, 1, FleetNumbers.MAX_CARS);
    }
}
