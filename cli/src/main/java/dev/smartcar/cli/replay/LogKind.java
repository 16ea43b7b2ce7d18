package dev.smartcar.cli.replay;

import dev.smartcar.cli.CliException;
import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.DrivingLineParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which of the pilot's two logs a file is: by its name, else by its first lines (header or a valid record). */
public enum LogKind {
    AUTO, STATUS, DRIVING;

    private static final int LINES_LOOKED_AT = 20;

    public static LogKind detect(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.startsWith("SmartCarStatusInfo_")) {
            return STATUS;
        }
        if (name.startsWith("SmartCarDriverInfo")) {
            return DRIVING;
        }
        CarStatusParser status = new CarStatusParser();
        DrivingLineParser driving = new DrivingLineParser();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            for (int i = 0; i < LINES_LOOKED_AT && (line = r.readLine()) != null; i++) {
                if (line.equals(CarStatusParser.HEADER) || status.parse(line).isValid()) {
                    return STATUS;
                }
                if (line.equals(DrivingLineParser.HEADER) || driving.parse(line).isValid()) {
                    return DRIVING;
                }
            }
        }
        throw CliException.usage("cannot tell whether " + file + " is a status day file or a driving log: its name is"
                + " not SmartCarStatusInfo_<yyyyMMdd>.txt or SmartCarDriverInfo*, and none of its first "
                + LINES_LOOKED_AT + " lines is a header or a record of either; give --kind status or --kind driving");
    }
}
