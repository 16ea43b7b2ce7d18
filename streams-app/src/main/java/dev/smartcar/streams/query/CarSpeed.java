package dev.smartcar.streams.query;

/** One open window of a car, as {@code GET /cars/{car}/speed} and {@code /cars/{car}} show it ({@link LocalCars}). */
record CarSpeed(String car, long windowStart, long windowEnd, double averageSpeed, int recordCount, int maxSpeed,
                long lastDate, String lastArea) {
}
