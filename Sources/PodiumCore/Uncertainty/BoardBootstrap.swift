import Foundation

/// A score's percentile interval over the resamples.
public struct ScoreInterval: Codable, Sendable, Equatable {
    public var low: Double
    public var high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    public var halfWidth: Double { (high - low) / 2 }
}

/// The ranks a team takes over the resamples, from its best to its worst percentile.
public struct RankInterval: Codable, Sendable, Equatable {
    public var best: Int
    public var worst: Int

    public init(best: Int, worst: Int) {
        self.best = best
        self.worst = worst
    }
}

/// What the bootstrap says of one ranked row of a board.
public struct RowUncertainty: Codable, Sendable, Equatable {
    public var interval: ScoreInterval
    public var rankInterval: RankInterval
    /// 1 for the leader's group; a new tier starts at the first team worse than the current
    /// tier's first team in at least `confidence` of the resamples.
    public var tier: Int
    /// Share of the resamples in which the team beats the next ranked one, a tie counting
    /// half; nil for the last ranked team.
    public var beatsNext: Double?

    public init(interval: ScoreInterval, rankInterval: RankInterval, tier: Int, beatsNext: Double?) {
        self.interval = interval
        self.rankInterval = rankInterval
        self.tier = tier
        self.beatsNext = beatsNext
    }
}

/// The paired bootstrap of a board: every ranked team's counted submission (and the
/// baseline's) scored on the same resamples of the board's rows.
public struct BoardUncertainty: Codable, Sendable, Equatable {
    /// Resamples drawn, and those used: a resample on which some ranked team's metric is
    /// undefined (R² on a constant target, say) is left out for every team, to keep the pairs.
    public var resamples: Int
    public var used: Int
    public var confidence: Double
    public var seed: UInt64
    /// Ranked teams, in the board's order.
    public var rows: [RowUncertainty]
    public var baseline: ScoreInterval?
    /// Each ranked team's score on every used resample (board order), for the grades.
    public var samples: [[Double]]
    /// The baseline's score on every used resample (NaN where undefined).
    public var baselineSamples: [Double]?

    public init(
        resamples: Int, used: Int, confidence: Double, seed: UInt64, rows: [RowUncertainty], baseline: ScoreInterval?, samples: [[Double]],
        baselineSamples: [Double]?
    ) {
        self.resamples = resamples
        self.used = used
        self.confidence = confidence
        self.seed = seed
        self.rows = rows
        self.baseline = baseline
        self.samples = samples
        self.baselineSamples = baselineSamples
    }

    /// The lower and upper quantiles of an interval at `confidence`.
    public static func quantiles(_ confidence: Double) -> (low: Double, high: Double) {
        let low = (1 - confidence) / 2
        return (low, 1 - low)
    }
}

public enum BoardBootstrap {
    /// Runs the paired bootstrap of a board. `teams` are the ranked teams' metrics prepared on
    /// the board's rows, in the board's order (best first); `baseline` is shown with an
    /// interval but never ranked or tiered. Nil when `settings.bootstrap` is 0 or when the
    /// metric is undefined on every resample.
    public static func run(
        metric: Metric, teams: [any ResampledMetric], baseline: (any ResampledMetric)?, strata: [[Int32]], rowCount: Int,
        settings: RankingSettings, seed: UInt64
    ) -> BoardUncertainty? {
        guard settings.bootstrap > 0, rowCount > 0 else { return nil }
        var resampler = Resampler(strata: strata, rowCount: rowCount, seed: seed)
        var samples = [[Double]](repeating: [], count: teams.count)
        for t in samples.indices { samples[t].reserveCapacity(settings.bootstrap) }
        var baselineSamples: [Double] = []
        var scores = [Double](repeating: 0, count: teams.count)
        for _ in 0..<settings.bootstrap {
            resampler.next()
            let used = resampler.weights.withUnsafeBufferPointer { w -> Bool in
                for t in teams.indices {
                    guard let s = teams[t].score(w) else { return false }
                    scores[t] = s
                }
                if let baseline { baselineSamples.append(baseline.score(w) ?? .nan) }
                return true
            }
            if used { for t in teams.indices { samples[t].append(scores[t]) } }
        }
        let used = baseline == nil ? (samples.first?.count ?? settings.bootstrap) : baselineSamples.count
        guard used > 0 else { return nil }
        return summarize(
            metric: metric, samples: samples, baselineSamples: baseline == nil ? nil : baselineSamples, resamples: settings.bootstrap,
            confidence: settings.confidence, seed: seed)
    }

    /// The figures of a board from its teams' scores on each resample (board order).
    public static func summarize(
        metric: Metric, samples: [[Double]], baselineSamples: [Double]?, resamples: Int, confidence: Double, seed: UInt64
    ) -> BoardUncertainty {
        let teams = samples.count
        let used = samples.first?.count ?? baselineSamples?.count ?? 0
        let (qLow, qHigh) = BoardUncertainty.quantiles(confidence)
        func interval(_ values: [Double]) -> ScoreInterval? {
            let sorted = values.filter { !$0.isNaN }.sorted()
            guard !sorted.isEmpty else { return nil }
            return ScoreInterval(low: Quantile.linear(sorted, qLow), high: Quantile.linear(sorted, qHigh))
        }
        // Each team's rank on each resample: 1 + the teams strictly better there.
        var ranks = [[Int]](repeating: [Int](repeating: 0, count: used), count: teams)
        for b in 0..<used {
            for t in 0..<teams {
                var better = 0
                for u in 0..<teams where metric.isBetter(samples[u][b], than: samples[t][b]) { better += 1 }
                ranks[t][b] = better + 1
            }
        }
        var tiers = [Int](repeating: 1, count: teams)
        var head = 0
        for t in 1..<max(teams, 1) {
            var worse = 0
            for b in 0..<used where metric.isBetter(samples[head][b], than: samples[t][b]) { worse += 1 }
            if Double(worse) / Double(used) >= confidence {
                tiers[t] = tiers[head] + 1
                head = t
            } else {
                tiers[t] = tiers[head]
            }
        }
        var rows: [RowUncertainty] = []
        for t in 0..<teams {
            var beatsNext: Double? = nil
            if t + 1 < teams {
                var wins = 0
                var ties = 0
                for b in 0..<used {
                    if metric.isBetter(samples[t][b], than: samples[t + 1][b]) {
                        wins += 1
                    } else if samples[t][b] == samples[t + 1][b] {
                        ties += 1
                    }
                }
                beatsNext = (Double(wins) + 0.5 * Double(ties)) / Double(used)
            }
            let sortedRanks = ranks[t].sorted()
            rows.append(
                RowUncertainty(
                    interval: interval(samples[t])!,
                    rankInterval: RankInterval(best: Quantile.lower(sortedRanks, qLow), worst: Quantile.higher(sortedRanks, qHigh)),
                    tier: tiers[t], beatsNext: beatsNext))
        }
        return BoardUncertainty(
            resamples: resamples, used: used, confidence: confidence, seed: seed, rows: rows, baseline: baselineSamples.flatMap(interval),
            samples: samples, baselineSamples: baselineSamples)
    }
}
