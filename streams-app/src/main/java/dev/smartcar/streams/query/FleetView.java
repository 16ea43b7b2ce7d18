package dev.smartcar.streams.query;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which part of the fleet {@code GET /fleet} answers with: every car (no parameter, what it always answered), the
 * {@code top=N} cars with the highest current averages, or a page of {@code limit=N} cars after {@code after=CAR}
 * in car order. A fleet of 10,000 cars is about 2 MB of JSON, too much to fetch every two seconds; either bounded
 * view is at most {@link #MAX_CARS} entries. Each instance cuts its own share the same way before the merge: the
 * fleet's N fastest are among the instances' N fastest, and its first N after a car among theirs.
 */
public final class FleetView {

    /** The most entries a bounded view returns (about 200 bytes each). */
    public static final int MAX_CARS = 1_000;
    /** Entries of a page when {@code after} is given without {@code limit}. */
    static final int DEFAULT_PAGE = 100;

    private static final Comparator<WindowReply> BY_CAR = Comparator.comparing(WindowReply::carNumber);
    private static final Comparator<WindowReply> FASTEST_FIRST = Comparator
            .comparingDouble(WindowReply::averageSpeed).reversed().thenComparing(BY_CAR);

    private enum Kind { ALL, TOP, PAGE }

    /** What a view chose from a set of cars: the cars, in the view's order, and whether any were left out. */
    record Cut(List<WindowReply> cars, boolean more) { }

    private final Kind kind;
    private final int size;
    private final String after;

    private FleetView(Kind kind, int size, String after) {
        this.kind = kind;
        this.size = size;
        this.after = after;
    }

    /** Every car, by car number. */
    public static FleetView all() {
        return new FleetView(Kind.ALL, Integer.MAX_VALUE, null);
    }

    /** The view a request's parameters ask for ({@code top}, or {@code limit} and {@code after}), checked. */
    public static FleetView of(QueryParams params) {
        int top = params.top(MAX_CARS);
        boolean paged = params.has(QueryParams.LIMIT) || params.has(QueryParams.AFTER);
        if (top > 0 && paged) {
            throw new QueryParams.BadParameter("parameter 'top' cannot be combined with 'limit' or 'after': top is"
                    + " ordered by speed, a page by car");
        }
        if (top > 0) {
            return new FleetView(Kind.TOP, top, null);
        }
        if (paged) {
            return new FleetView(Kind.PAGE, params.limit(DEFAULT_PAGE, MAX_CARS), params.after().orElse(null));
        }
        return all();
    }

    boolean bounded() {
        return kind != Kind.ALL;
    }

    /** The parameters that ask another instance for its share of this view ({@code ""} for every car). */
    String query() {
        return switch (kind) {
            case ALL -> "";
            case TOP -> QueryParams.TOP + "=" + size;
            case PAGE -> QueryParams.LIMIT + "=" + size + (after == null ? "" : "&" + QueryParams.AFTER + "=" + after);
        };
    }

    /** This view of {@code cars} (one entry per car). */
    Cut cut(Collection<WindowReply> cars) {
        List<WindowReply> chosen = cars.stream()
                .filter(c -> after == null || c.carNumber().compareTo(after) > 0)
                .sorted(kind == Kind.TOP ? FASTEST_FIRST : BY_CAR)
                .toList();
        return chosen.size() <= size ? new Cut(chosen, false) : new Cut(chosen.subList(0, size), true);
    }

    /** The car to ask the next page after, when a page left cars out; null otherwise. */
    String nextAfter(List<WindowReply> page, boolean more) {
        return kind == Kind.PAGE && more && !page.isEmpty() ? page.get(page.size() - 1).carNumber() : null;
    }
}
