package dev.smartcar.connect.spooldir;

import dev.smartcar.connect.file.FileIdentity;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the files of the spool directory that one task should read now: complete (old enough, not hidden, not
 * a temporary name), matching the include and not the ignore pattern, and in this task's share.
 */
final class SpoolDirectory {

    private static final Logger log = LoggerFactory.getLogger(SpoolDirectory.class);

    private final Path root;
    private final Path finishedDir;
    private final Path errorDir;
    private final Pattern include;
    private final Pattern ignore;
    private final List<String> tempSuffixes;
    private final boolean recursive;
    private final FileOrder order;
    private final long minFileAgeMs;
    private final int taskIndex;
    private final int taskCount;
    private final Time time;
    /** Files whose names keep them out, already logged: each is reported once while it stays. */
    private final Set<Path> reportedNames = new HashSet<>();

    SpoolDirectory(SpoolDirSourceConfig config, Time time) {
        this.root = config.spoolDir();
        this.finishedDir = config.finishedDir();
        this.errorDir = config.errorDir();
        this.include = config.include();
        this.ignore = config.ignore();
        this.tempSuffixes = config.tempSuffixes();
        this.recursive = config.recursive();
        this.order = config.order();
        this.minFileAgeMs = config.minFileAgeMs();
        this.taskIndex = config.taskIndex();
        this.taskCount = config.taskCount();
        this.time = time;
    }

    Path root() {
        return root;
    }

    /** The files to read, in the configured order; {@code busy} says which identities are already taken. */
    List<SpoolCandidate> waitingFiles(Predicate<FileIdentity> busy) throws IOException {
        List<SpoolCandidate> found = new ArrayList<>();
        Set<Path> leftOut = new HashSet<>();
        long now = time.milliseconds();
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), recursive ? Integer.MAX_VALUE : 1,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (dir.equals(root)) {
                            return FileVisitResult.CONTINUE;
                        }
                        boolean skip = dir.equals(finishedDir) || dir.equals(errorDir) || hidden(dir);
                        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        consider(file, attrs, now, busy, found, leftOut);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        // A file deleted or made unreadable while listing: it is simply not a candidate now.
                        if (!(e instanceof NoSuchFileException)) {
                            log.warn("Cannot inspect {} in the spool directory: {}", file, e.toString());
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        // Forget files that are gone, so the set stays small and a file dropped again is reported again.
        reportedNames.retainAll(leftOut);
        found.sort(order.comparator());
        return found;
    }

    private void consider(Path file, BasicFileAttributes attrs, long now, Predicate<FileIdentity> busy,
                          List<SpoolCandidate> found, Set<Path> leftOut) {
        if (!attrs.isRegularFile() || hidden(file) || temporary(file)) {
            return;
        }
        String name = file.getFileName().toString();
        if (!include.matcher(name).matches()) {
            leftOut.add(file);
            if (reportedNames.add(file)) {
                log.warn("Ignoring {}: its name does not match {}={}; it stays where it is and is not read",
                        file, SpoolDirSourceConfig.INCLUDE, include.pattern());
            }
            return;
        }
        if (ignore != null && ignore.matcher(name).matches()) {
            leftOut.add(file);
            if (reportedNames.add(file)) {
                log.info("Ignoring {}: its name matches {}={}", file, SpoolDirSourceConfig.IGNORE, ignore.pattern());
            }
            return;
        }
        long modified = attrs.lastModifiedTime().toMillis();
        if (now - modified < minFileAgeMs) {
            return;
        }
        try {
            FileIdentity identity = FileIdentity.of(file);
            if (identity.bucket(taskCount) != taskIndex || busy.test(identity)) {
                return;
            }
            found.add(new SpoolCandidate(file, identity, modified, attrs.size()));
        } catch (IOException e) {
            log.warn("Cannot identify {}: {}", file, e.toString());
        }
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private boolean temporary(Path file) {
        String name = file.getFileName().toString();
        for (String suffix : tempSuffixes) {
            if (!suffix.isEmpty() && name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
