import Foundation

/// One team's files as the integrity report compares them.
public struct IntegrityTeam: Sendable {
    public var name: String
    /// The counted submission's predictions (all rows), when the team has one.
    public var predictions: Predictions?
    /// The SHA-256 of every file the team sent.
    public var files: Set<String>

    public init(name: String, predictions: Predictions?, files: Set<String>) {
        self.name = name
        self.predictions = predictions
        self.files = files
    }
}

/// Two teams whose submissions may be worth a look.
public struct IntegrityPair: Codable, Sendable, Equatable {
    public var teams: [String]
    /// Files both teams sent, byte for byte (same SHA-256).
    public var sameFiles: Int
    /// Pearson correlation of their predictions (the mean over classes of the per-class
    /// correlations for multiclass probabilities); nil for labels or constant predictions.
    public var correlation: Double?
    /// Multiclass probabilities: the correlation of each class's column, in class order.
    public var classCorrelations: [Double?]?
    /// Share of rows on which their predictions are identical.
    public var identicalShare: Double?
    /// Classification: rows both get wrong, the number expected if they erred independently
    /// (n × both error rates), and how far above it they are (a z-score).
    public var sharedErrors: Int?
    public var expectedSharedErrors: Double?
    public var sharedErrorsZ: Double?
    /// Modified z-scores of the figures against all pairs of the challenge.
    public var relative: [String: Double]
    public var worthALook: Bool
    public var reasons: [String]
}

/// Public/private agreement after the reveal.
public struct RankAgreement: Codable, Sendable, Equatable {
    public struct Gap: Codable, Sendable, Equatable {
        public var team: String
        public var publicScore: Double
        public var privateScore: Double
        /// Public minus private.
        public var gap: Double

        public init(team: String, publicScore: Double, privateScore: Double, gap: Double) {
            self.team = team
            self.publicScore = publicScore
            self.privateScore = privateScore
            self.gap = gap
        }
    }

    public init(kendallTau: Double?, gaps: [Gap]) {
        self.kendallTau = kendallTau
        self.gaps = gaps
    }

    /// Kendall's tau-b between the public and private ranks of the teams ranked on both.
    public var kendallTau: Double?
    public var gaps: [Gap]
}

/// Pairs of teams whose submissions are alike, for an instructor to review. Nothing here is
/// a verdict: a flag says "worth a look", and why.
public struct IntegrityReport: Codable, Sendable, Equatable {
    public var challenge: String
    public var version: Int
    public var rows: Int
    /// A pair is worth a look when the two sent the same file; when a figure is past a level
    /// that honest teams do not reach (correlation 0.999: a linear and a ridge fit of the diabetes example reach 0.9987; half the predictions identical); or,
    /// with at least `minimumPairs` pairs to compare with, when a figure is far out in the
    /// challenge's own distribution of pairs (modified z-score above 3.5, Iglewicz and
    /// Hoaglin's threshold) and past a floor (correlation 0.95, a fifth identical, shared-errors
    /// z 3). Shared errors never suffice alone against a fixed level: strong models all miss the
    /// same hard rows, so only a pair far out among the others says something.
    public static let relativeThreshold = 3.5
    public static let minimumPairs = 6
    public static let floors: [String: Double] = ["correlation": 0.95, "identical": 0.2, "sharedErrors": 3]
    public static let strong: [String: Double] = ["correlation": 0.999, "identical": 0.5]

    public var pairs: [IntegrityPair]
    public var agreement: RankAgreement?

    public var flagged: [IntegrityPair] { pairs.filter(\.worthALook) }

    /// Compares every pair of teams. `baseline`: predictions that two teams may both submit
    /// without it meaning anything.
    public static func build(
        challenge: String, version: Int, solution: Solution, teams: [IntegrityTeam], baseline: Predictions?, baselineFile: String?,
        agreement: RankAgreement?
    ) -> IntegrityReport {
        let manifest = solution.manifest
        let truth = solution.labels
        let n = solution.count
        let sorted = teams.sorted { $0.name < $1.name }
        var pairs: [IntegrityPair] = []
        for i in sorted.indices {
            for j in sorted.indices where j > i {
                let a = sorted[i]
                let b = sorted[j]
                let shared = a.files.intersection(b.files).subtracting(baselineFile.map { [$0] } ?? [])
                var pair = IntegrityPair(
                    teams: [a.name, b.name], sameFiles: shared.count, correlation: nil, classCorrelations: nil, identicalShare: nil,
                    sharedErrors: nil,
                    expectedSharedErrors: nil, sharedErrorsZ: nil, relative: [:], worthALook: false, reasons: [])
                if let p = a.predictions, let q = b.predictions {
                    pair.correlation = correlation(p, q)
                    if case .probabilities = p { pair.classCorrelations = classCorrelations(p, q) }
                    pair.identicalShare = identicalShare(p, q)
                    if manifest.task.isClassification {
                        let ea = errors(p, truth: truth, manifest: manifest)
                        let eb = errors(q, truth: truth, manifest: manifest)
                        let both = zip(ea, eb).filter { $0 && $1 }.count
                        let rate = Double(ea.filter { $0 }.count) / Double(n) * Double(eb.filter { $0 }.count) / Double(n)
                        pair.sharedErrors = both
                        pair.expectedSharedErrors = rate * Double(n)
                        if rate > 0 && rate < 1 {
                            pair.sharedErrorsZ = (Double(both) - rate * Double(n)) / (Double(n) * rate * (1 - rate)).squareRoot()
                        }
                    }
                }
                pairs.append(pair)
            }
        }
        judge(&pairs, teams: sorted, baseline: baseline)
        return IntegrityReport(challenge: challenge, version: version, rows: n, pairs: pairs, agreement: agreement)
    }

    /// Sets each pair's relative figures and whether it is worth a look.
    static func judge(_ pairs: inout [IntegrityPair], teams: [IntegrityTeam], baseline: Predictions?) {
        let figures: [(String, (IntegrityPair) -> Double?)] = [
            ("correlation", \.correlation), ("identical", \.identicalShare), ("sharedErrors", \.sharedErrorsZ),
        ]
        let byName = Dictionary(uniqueKeysWithValues: teams.map { ($0.name, $0) })
        func nearBaseline(_ team: String) -> Bool {
            guard let baseline, let p = byName[team]?.predictions else { return false }
            return (identicalShare(p, baseline) ?? 0) >= 0.99 || (correlation(p, baseline) ?? 0) >= 0.999
        }
        for (name, value) in figures {
            let values = pairs.compactMap(value)
            guard !values.isEmpty else { continue }
            let median = Self.median(values)
            let mad = Self.median(values.map { abs($0 - median) })
            for k in pairs.indices {
                guard let v = value(pairs[k]) else { continue }
                let z = mad > 0 ? 0.6745 * (v - median) / mad : (v > median ? .infinity : 0)
                if z.isFinite { pairs[k].relative[name] = z }
                let farOut = values.count >= minimumPairs && z > relativeThreshold && v >= floors[name]!
                let beyond = strong[name].map { v >= $0 } ?? false
                if farOut || beyond { pairs[k].reasons.append(reason(name, pairs[k])) }
            }
        }
        for k in pairs.indices {
            if pairs[k].sameFiles > 0 {
                pairs[k].reasons.insert("sent the same file (\(pairs[k].sameFiles) identical file\(pairs[k].sameFiles == 1 ? "" : "s"))", at: 0)
            }
            if !pairs[k].reasons.isEmpty, pairs[k].sameFiles == 0, pairs[k].teams.allSatisfy(nearBaseline) {
                pairs[k].reasons = ["both submitted (nearly) the baseline: alike for that reason alone"]
                continue
            }
            pairs[k].worthALook = !pairs[k].reasons.isEmpty
        }
    }

    static func reason(_ name: String, _ pair: IntegrityPair) -> String {
        switch name {
        case "correlation": "predictions correlate at \(Formats.score(pair.correlation, digits: 4))"
        case "identical": "\(Int(((pair.identicalShare ?? 0) * 100).rounded()))% of predictions identical"
        default:
            "\(pair.sharedErrors ?? 0) errors in common where \(Formats.score(pair.expectedSharedErrors, digits: 1)) were expected (z = \(Formats.score(pair.sharedErrorsZ, digits: 1)))"
        }
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Columns of predictions: one for values and binary probabilities, one per class.
    static func columns(_ p: Predictions) -> [[Double]]? {
        switch p {
        case .values(let v): return [v]
        case .probabilities(let v, let k):
            let n = v.count / max(k, 1)
            return (0..<k).map { c in (0..<n).map { v[$0 * k + c] } }
        case .labels: return nil
        }
    }

    /// The correlation of each column (nil where a column is constant).
    static func classCorrelations(_ p: Predictions, _ q: Predictions) -> [Double?]? {
        guard let a = columns(p), let b = columns(q), a.count == b.count else { return nil }
        return zip(a, b).map { x, y in try? Regression.pearson(.pearson, x, y) }
    }

    /// The mean of the columns' correlations.
    static func correlation(_ p: Predictions, _ q: Predictions) -> Double? {
        let values = (classCorrelations(p, q) ?? []).compactMap { $0 }
        return values.isEmpty ? nil : values.accurateMean()
    }

    static func identicalShare(_ p: Predictions, _ q: Predictions) -> Double? {
        switch (p, q) {
        case (.labels(let a), .labels(let b)) where a.count == b.count && !a.isEmpty:
            return Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
        case (.values(let a), .values(let b)) where a.count == b.count && !a.isEmpty:
            return Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
        case (.probabilities(let a, let k), .probabilities(let b, let l)) where k == l && a.count == b.count && !a.isEmpty:
            let n = a.count / k
            let same = (0..<n).filter { r in (0..<k).allSatisfy { a[r * k + $0] == b[r * k + $0] } }.count
            return Double(same) / Double(n)
        default:
            return nil
        }
    }

    /// The class a classification submission predicts for each row (p > 0.5 for binary, the
    /// argmax for multiclass, the label itself).
    static func labels(_ p: Predictions, manifest: ChallengeManifest) -> [Int32] {
        let positive = Int32(manifest.positiveIndex ?? 1)
        switch p {
        case .labels(let l): return l
        case .values(let v): return v.map { $0 > 0.5 ? positive : 1 - positive }
        case .probabilities(let v, let k):
            return (0..<(v.count / max(k, 1))).map { r in
                var best = 0
                for c in 1..<k where v[r * k + c] > v[r * k + best] { best = c }
                return Int32(best)
            }
        }
    }

    /// Which rows a classification submission gets wrong.
    static func errors(_ p: Predictions, truth: [Int32], manifest: ChallengeManifest) -> [Bool] {
        zip(labels(p, manifest: manifest), truth).map { $0 != $1 }
    }
}

extension RankAgreement {
    /// Kendall's tau-b of two rankings of the same teams (ties allowed), nil below two teams or
    /// when one ranking is all ties.
    public static func kendallTau(_ x: [Int], _ y: [Int]) -> Double? {
        let n = x.count
        guard n >= 2, y.count == n else { return nil }
        var concordant = 0
        var discordant = 0
        var tiesX = 0
        var tiesY = 0
        for i in 0..<n {
            for j in (i + 1)..<n {
                let dx = x[i] - x[j]
                let dy = y[i] - y[j]
                if dx == 0 && dy == 0 { continue }
                if dx == 0 {
                    tiesX += 1
                } else if dy == 0 {
                    tiesY += 1
                } else if (dx > 0) == (dy > 0) {
                    concordant += 1
                } else {
                    discordant += 1
                }
            }
        }
        let denominator = (Double(concordant + discordant + tiesX) * Double(concordant + discordant + tiesY)).squareRoot()
        guard denominator > 0 else { return nil }
        return Double(concordant - discordant) / denominator
    }
}
