package dev.smartcar.connect.spooldir;

import java.util.Comparator;

/** In which order waiting files are picked. */
public enum FileOrder {
    /** Oldest modification time first (ties by path): the order the files were completed. */
    OLDEST(Comparator.comparingLong(SpoolCandidate::lastModified).thenComparing(SpoolCandidate::path)),
    /** Newest modification time first (ties by path). */
    NEWEST(Comparator.comparingLong(SpoolCandidate::lastModified).reversed().thenComparing(SpoolCandidate::path)),
    /** By path, lexicographically: right for names that carry their date, such as SmartCarStatusInfo_20200322.txt. */
    NAME(Comparator.comparing(SpoolCandidate::path));

    private final Comparator<SpoolCandidate> comparator;

    FileOrder(Comparator<SpoolCandidate> comparator) {
        this.comparator = comparator;
    }

    Comparator<SpoolCandidate> comparator() {
        return comparator;
    }
}
