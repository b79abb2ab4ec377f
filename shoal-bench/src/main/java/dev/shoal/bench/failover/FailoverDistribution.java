package dev.shoal.bench.failover;

import dev.shoal.bench.stats.Spread;
import java.util.List;

/**
 * The fail-over times of the measured trials as a distribution, and the normal push round trip beside them.
 *
 * <pre>{@code
 * FailoverDistribution d = FailoverDistribution.of(trials);
 * System.out.printf("median %.0f ms, p90 %.0f ms, max %.0f ms over %d kills%n", d.medianMs(), d.p90Ms(),
 *         d.maxMs(), d.measured());
 * }</pre>
 *
 * <p>Quantiles interpolate between the sorted times ({@link Spread}, type 7): twenty kills are too few for a
 * histogram's buckets, and an exact p90 of so few values says more than a rounded one. Every figure is NaN when
 * no trial was measured.
 *
 * @param trials          trials run
 * @param measured        trials with a fail-over time
 * @param minMs           shortest fail-over, milliseconds
 * @param medianMs        median fail-over
 * @param p90Ms           90th percentile
 * @param maxMs           longest fail-over
 * @param meanMs          mean fail-over
 * @param roundTripMs     median over the trials that reported of the probe's median gap: a push while all is well
 * @param longestAtKill   measured trials whose gap at the kill was the probe's longest: in the others a stall
 *                        elsewhere was longer than the fail-over
 */
public record FailoverDistribution(int trials, int measured, double minMs, double medianMs, double p90Ms,
                                   double maxMs, double meanMs, double roundTripMs, int longestAtKill) {

    public static FailoverDistribution of(List<Trial> trials) {
        double[] times = trials.stream().filter(Trial::measured).mapToDouble(Trial::failoverMillis).toArray();
        double[] roundTrips = trials.stream().filter(t -> t.probe() != null)
                .mapToDouble(t -> t.probe().medianGapMicros() / 1e3).toArray();
        double roundTrip = roundTrips.length == 0 ? Double.NaN : Spread.quantile(roundTrips, 0.5);
        int longest = (int) trials.stream().filter(Trial::longest).count();
        if (times.length == 0) {
            return new FailoverDistribution(trials.size(), 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, roundTrip, longest);
        }
        Spread s = Spread.of(times);
        double mean = 0;
        for (double t : times) {
            mean += t / times.length;
        }
        return new FailoverDistribution(trials.size(), times.length, s.min(), s.median(),
                Spread.quantile(times, 0.9), s.max(), mean, roundTrip, longest);
    }
}
