import Foundation

/// The authoring audit of `podium check`: the classic ways a student author spoils a
/// challenge, each a pure function of the challenge's tables returning its warnings.
/// Thresholds, and why (the README's author tour shows a finding and its fix):
/// - `duplicate-rows`: any test row whose features equal a train row's (numbers compared as
///   numbers, so `1.0` equals `1`): one copied row is already an answer given away.
/// - `leaky-feature`: a column that alone scores 0.99 or more: ROC AUC (binary), neighbour
///   agreement (multiclass: the share of rows whose nearest row by this column has the same
///   class; the best one-vs-rest AUC was tried first, and flagged wine's flavanoids, a real
///   measurement that isolates one cultivar but not the three), |Spearman| (regression),
///   measured on train.csv with its target and on test.csv with the hidden answers; a text column whose values (at most one
///   distinct value per 10 rows) map to the target 99% purely (classification) or explain 99%
///   of its variance (regression). Real features of the shipped examples stay below 0.986.
/// - `id-order`: ids (numeric order, else text order) or test.csv's row order that carry the
///   target: the runs test of the labels in that order, the AUC of the position per class, or
///   Spearman (regression), flagged at |z| ≥ 5 (p < 3e-7; a label-sorted file of 50 rows is
///   past z = −6) and an effect of at least 0.1.
/// - `split-imbalance`: chi-square test of the class counts of train, public and private
///   (classification), Kolmogorov-Smirnov between each pair (regression), flagged at p < 0.001:
///   a fair random split falls there once in a thousand checks.
/// - `shift`: adversarial validation: an L2 logistic regression on the standardized numeric
///   columns and their squares (at most 5,000 rows from each side, seeded) told to separate train from test
///   rows, its AUC out of 5 folds; flagged at AUC ≥ 0.7 and beyond 4 standard errors of the
///   AUC of no shift (so that 60 rows cannot trigger it by chance).
public enum AuthoringAudit {
    public static let leakThreshold = 0.99
    public static let idOrderZ = 5.0
    public static let imbalanceP = 0.001
    public static let shiftAUC = 0.7

    /// Every finding, in the order of the kinds above.
    public static func run(_ data: AuditData) -> [CheckWarning] {
        duplicateRows(data) + leakyFeatures(data) + idOrder(data) + splitImbalance(data) + shift(data)
    }

    // MARK: duplicate-rows

    public static func duplicateRows(_ data: AuditData) -> [CheckWarning] {
        guard !data.features.isEmpty, data.trainCount > 0 else { return [] }
        var firstTrain: [UInt64: [Int]] = [:]
        for row in 0..<data.trainCount { firstTrain[data.rowHash(row, in: .train), default: []].append(row) }
        var copies: [(test: Int, train: Int)] = []
        for row in 0..<data.testCount {
            guard let candidates = firstTrain[data.rowHash(row, in: .test)],
                let match = candidates.first(where: { data.sameFeatures(test: row, train: $0) })
            else { continue }
            copies.append((row, match))
        }
        guard !copies.isEmpty else { return [] }
        let sameTarget = copies.filter { data.sameTarget(test: $0.test, train: $0.train) }.count
        let examples = copies.prefix(3).map { "data/test.csv line \(data.testLines[$0.test]) = data/train.csv line \(data.trainLines[$0.train])" }
        let share = Double(copies.count) / Double(data.testCount)
        var message =
            "\(copies.count) of the \(data.testCount) rows of data/test.csv (\(percent(share))) have exactly the features of a row of data/train.csv, e.g. \(examples.joined(separator: "; "))"
        if data.hasTargets { message += "; \(sameTarget) of them with the same target, which participants can copy" }
        return [
            CheckWarning(
                kind: "duplicate-rows", message: message,
                advice:
                    "remove the copies from the raw file and split it again (podium split keeps identical rows on one side), or drop those rows from data/test.csv and reference/solution.csv",
                details: [
                    "count": .integer(copies.count), "sameTarget": .integer(sameTarget), "testRows": .integer(data.testCount),
                    "examples": .list(
                        copies.prefix(3).map {
                            .object(["testLine": .integer(data.testLines[$0.test]), "trainLine": .integer(data.trainLines[$0.train])])
                        }),
                ])
        ]
    }

    // MARK: leaky-feature

    /// How well one column alone predicts the target, on one table.
    public struct ColumnScore: Sendable, Equatable {
        public var column: String
        /// "roc_auc", "neighbour agreement", "|spearman|", "purity" or "eta²".
        public var measure: String
        public var score: Double
        public var file: String
    }

    /// Each feature's best single-column score (over train.csv and test.csv).
    public static func columnScores(_ data: AuditData) -> [ColumnScore] {
        // Columns are independent: scored on every core.
        let scores = ParallelMap.map(data.features.indices) { c -> ColumnScore? in
            var best: ColumnScore?
            for side in [AuditData.Side.train, .test] {
                guard let score = columnScore(data, column: c, side: side) else { continue }
                if best == nil || score.score > best!.score { best = score }
            }
            return best
        }
        return scores.compactMap { $0 }
    }

    static func columnScore(_ data: AuditData, column c: Int, side: AuditData.Side) -> ColumnScore? {
        let feature = data.features[c]
        let file = side == .train ? "data/train.csv" : "data/test.csv"
        if let numbers = feature.numbers(side) {
            if data.task.isClassification {
                guard let labels = data.labels(side) else { return nil }
                let keep = labels.indices.filter { labels[$0] >= 0 && !numbers[$0].isNaN }
                if data.task == .multiclass {
                    return AuditStatistics.neighbourAgreement(values: keep.map { numbers[$0] }, labels: keep.map { labels[$0] }).map {
                        ColumnScore(column: feature.name, measure: "neighbour agreement", score: $0, file: file)
                    }
                }
                let ranks = AuditStatistics.ranks(keep.map { numbers[$0] })
                return AuditStatistics.auc(ranks: ranks, positive: keep.map { labels[$0] == 1 }).map {
                    ColumnScore(column: feature.name, measure: "roc_auc", score: max($0, 1 - $0), file: file)
                }
            }
            guard let values = data.values(side), let rho = AuditStatistics.spearman(numbers, values) else { return nil }
            return ColumnScore(column: feature.name, measure: "|spearman|", score: abs(rho), file: file)
        }
        // A text column: how purely its values map to the target, if it has few values.
        let text = feature.text(side)
        let distinct = Set(text).count
        guard text.count >= 10, distinct <= max(2, text.count / 10) else { return nil }
        if data.task.isClassification {
            guard let labels = data.labels(side) else { return nil }
            var counts: [String: [Int: Int]] = [:]
            for (value, label) in zip(text, labels) where label >= 0 { counts[value, default: [:]][label, default: 0] += 1 }
            let majority = counts.values.reduce(0) { $0 + ($1.values.max() ?? 0) }
            let total = labels.filter { $0 >= 0 }.count
            guard total > 0 else { return nil }
            return ColumnScore(column: feature.name, measure: "purity", score: Double(majority) / Double(total), file: file)
        }
        guard let values = data.values(side) else { return nil }
        var groups: [String: (sum: Double, count: Double)] = [:]
        for (value, y) in zip(text, values) where !y.isNaN { groups[value, default: (0, 0)] = (groups[value]!.sum + y, groups[value]!.count + 1) }
        let ys = values.filter { !$0.isNaN }
        guard ys.count > 1 else { return nil }
        let mean = ys.reduce(0, +) / Double(ys.count)
        let total = ys.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard total > 0 else { return nil }
        let between = groups.values.reduce(0) { $0 + $1.count * ($1.sum / $1.count - mean) * ($1.sum / $1.count - mean) }
        return ColumnScore(column: feature.name, measure: "eta²", score: between / total, file: file)
    }

    public static func leakyFeatures(_ data: AuditData) -> [CheckWarning] {
        columnScores(data).filter { $0.score >= leakThreshold }.map { s in
            CheckWarning(
                kind: "leaky-feature",
                message:
                    "column \(Echo.quoted(s.column)) alone predicts the target: \(s.measure) \(Formats.score(s.score, digits: 4)) on \(s.file) (the limit is \(leakThreshold)); it is the target under another name, or computed from it",
                advice: "drop column \(Echo.quoted(s.column)) from data/train.csv and data/test.csv (or from the raw file before podium split)",
                details: [
                    "column": .text(s.column), "measure": .text(s.measure), "score": .number(s.score), "file": .text(s.file),
                ])
        }
    }

    // MARK: id-order

    public static func idOrder(_ data: AuditData) -> [CheckWarning] {
        var out: [CheckWarning] = []
        let orders: [(String, AuditData.Side, [Int])] = [
            ("the ids of data/test.csv", .test, data.idOrder(.test)),
            ("the row order of data/test.csv", .test, Array(0..<data.testCount)),
            ("the ids of data/train.csv", .train, data.idOrder(.train)),
        ]
        for (what, side, order) in orders {
            guard let (statistic, z, effect) = orderAssociation(data, side: side, order: order),
                abs(z) >= idOrderZ, effect >= 0.1
            else { continue }
            let advice =
                side == .test && what.contains("row order")
                ? "shuffle the rows of data/test.csv (podium split shuffles them), or re-split with podium split --seed N"
                : "give the rows new random ids (podium split generates them when the raw file has no id column), then re-split with podium split --seed N"
            out.append(
                CheckWarning(
                    kind: "id-order",
                    message:
                        "\(what) carry the target: \(statistic) (z = \(String(format: "%.1f", z)), p = \(pText(AuditStatistics.normalSurvival(abs(z)) * 2)))",
                    advice: advice,
                    details: [
                        "order": .text(what), "statistic": .text(statistic), "z": .number(z), "effect": .number(effect),
                        "p": .number(AuditStatistics.normalSurvival(abs(z)) * 2),
                    ]))
        }
        // Ids that tell Public rows from Private ones (numbered before the split): participants
        // would know which rows decide the final ranking.
        let order = data.idOrder(.test)
        let position = order.enumerated().reduce(into: [Double](repeating: .nan, count: order.count)) { $0[$1.element] = Double($1.offset) }
        let known = data.testPublic.indices.filter { data.testPublic[$0] != nil }
        let isPublic = known.map { data.testPublic[$0] == true }
        let p = Double(isPublic.filter { $0 }.count)
        let q = Double(isPublic.count) - p
        if p > 0, q > 0, let a = AuditStatistics.auc(ranks: AuditStatistics.ranks(known.map { position[$0] }), positive: isPublic) {
            let z = (a - 0.5) / ((p + q + 1) / (12 * p * q)).squareRoot()
            if abs(z) >= idOrderZ, abs(a - 0.5) >= 0.1 {
                let pValue = AuditStatistics.normalSurvival(abs(z)) * 2
                out.append(
                    CheckWarning(
                        kind: "id-order",
                        message:
                            "the ids of data/test.csv tell Public rows from Private ones (Public rows come \(a > 0.5 ? "late" : "early") in id order: roc_auc \(Formats.score(a, digits: 3)), z = \(String(format: "%.1f", z)), p = \(pText(pValue))): participants would know which rows decide the final ranking",
                        advice: "give the rows new random ids: podium split generates them after the split when the raw file has no id column",
                        details: [
                            "order": .text("the ids of data/test.csv"), "statistic": .text("usage"), "z": .number(z), "effect": .number(abs(a - 0.5)),
                            "p": .number(pValue),
                        ]))
            }
        }
        return out
    }

    /// How much an order of the rows says of their target: (description, z, effect size).
    static func orderAssociation(_ data: AuditData, side: AuditData.Side, order: [Int]) -> (String, Double, Double)? {
        guard order.count >= 10 else { return nil }
        let position = order.enumerated().reduce(into: [Double](repeating: .nan, count: order.count)) { $0[$1.element] = Double($1.offset) }
        if data.task.isClassification {
            guard let labels = data.labels(side) else { return nil }
            let inOrder = order.map { labels[$0] }.filter { $0 >= 0 }
            var findings: [(String, Double, Double)] = []
            if let z = AuditStatistics.runsZ(inOrder) {
                // Effect: the share of expected label changes that are missing.
                let n = Double(inOrder.count)
                var counts: [Int: Double] = [:]
                for l in inOrder { counts[l, default: 0] += 1 }
                let expected = (n * n - counts.values.reduce(0) { $0 + $1 * $1 }) / n
                var changes = 0.0
                for i in 1..<inOrder.count where inOrder[i] != inOrder[i - 1] { changes += 1 }
                findings.append(
                    (
                        "equal labels sit together (\(Int(changes)) label changes where \(Int(expected.rounded())) are expected)", z,
                        max(0, 1 - changes / expected)
                    ))
            }
            let keep = labels.indices.filter { labels[$0] >= 0 }
            let ranks = AuditStatistics.ranks(keep.map { position[$0] })
            for k in data.task == .binary ? [1] : Array(0..<data.classes.count) {
                let positive = keep.map { labels[$0] == k }
                guard let a = AuditStatistics.auc(ranks: ranks, positive: positive) else { continue }
                let p = Double(positive.filter { $0 }.count)
                let q = Double(positive.count) - p
                let se = ((p + q + 1) / (12 * p * q)).squareRoot()
                let name = data.classes.indices.contains(k) ? data.classes[k] : "\(k)"
                findings.append(
                    (
                        "class \(Echo.quoted(name)) sits early or late (its roc_auc by position is \(Formats.score(a, digits: 3)))", (a - 0.5) / se,
                        abs(a - 0.5)
                    ))
            }
            return findings.max { abs($0.1) < abs($1.1) }
        }
        guard let values = data.values(side), let rho = AuditStatistics.spearman(position, values) else { return nil }
        let n = Double(values.filter { !$0.isNaN }.count)
        return ("Spearman's rho between position and target is \(Formats.score(rho, digits: 3))", rho * (n - 1).squareRoot(), abs(rho))
    }

    // MARK: split-imbalance

    public static func splitImbalance(_ data: AuditData) -> [CheckWarning] {
        let parts = data.parts()
        if data.task.isClassification {
            let k = data.classes.count
            var table: [[Double]] = []
            var names: [String] = []
            for (name, labels) in parts {
                var row = [Double](repeating: 0, count: k)
                for l in labels where l >= 0 && l < k { row[l] += 1 }
                if row.reduce(0, +) > 0 {
                    table.append(row)
                    names.append(name)
                }
            }
            guard let test = AuditStatistics.chiSquare(table), test.p < imbalanceP else { return [] }
            let shares = zip(names, table).map { name, row -> String in
                let total = row.reduce(0, +)
                return "\(name) " + zip(data.classes, row).map { "\($0) \(percent($1 / total))" }.joined(separator: ", ")
            }
            return [
                CheckWarning(
                    kind: "split-imbalance",
                    message:
                        "the class shares differ between \(names.joined(separator: ", ")) more than sampling explains (chi-square \(Formats.score(test.statistic, digits: 1)), \(test.df) df, p = \(pText(test.p))): \(shares.joined(separator: "; "))",
                    advice: "re-split with podium split --seed N: it stratifies by class, so every part keeps the same shares",
                    details: ["test": .text("chi-square"), "statistic": .number(test.statistic), "df": .integer(test.df), "p": .number(test.p)])
            ]
        }
        let values = data.valueParts()
        var pairs: [(String, Double, Double)] = []
        for i in values.indices {
            for j in values.indices where j > i {
                guard let ks = AuditStatistics.kolmogorovSmirnov(values[i].1, values[j].1) else { continue }
                pairs.append(("\(values[i].0) vs \(values[j].0)", ks.statistic, ks.p))
            }
        }
        guard let worst = pairs.min(by: { $0.2 < $1.2 }), worst.2 < imbalanceP else { return [] }
        return [
            CheckWarning(
                kind: "split-imbalance",
                message:
                    "the target is distributed differently in \(worst.0) than sampling explains (Kolmogorov-Smirnov D = \(Formats.score(worst.1, digits: 3)), p = \(pText(worst.2))); every pair: \(pairs.map { "\($0.0) p = \(pText($0.2))" }.joined(separator: ", "))",
                advice: "re-split with podium split --seed N (a random split), rather than by date, file or any order of the raw file",
                details: [
                    "test": .text("kolmogorov-smirnov"), "statistic": .number(worst.1), "p": .number(worst.2),
                    "pairs": .list(pairs.map { .object(["parts": .text($0.0), "statistic": .number($0.1), "p": .number($0.2)]) }),
                ])
        ]
    }

    // MARK: shift

    public static func shift(_ data: AuditData) -> [CheckWarning] {
        guard let result = AdversarialValidation.run(data) else { return [] }
        let (n1, n2) = (Double(result.trainRows), Double(result.testRows))
        let chance = ((n1 + n2 + 1) / (12 * n1 * n2)).squareRoot()
        guard result.auc >= shiftAUC, result.auc >= 0.5 + 4 * chance else { return [] }
        let telling = result.columns.prefix(3).map { "\($0.column) (roc_auc \(Formats.score($0.auc, digits: 3)))" }
        return [
            CheckWarning(
                kind: "shift",
                message:
                    "a logistic regression tells train rows from test rows by their features alone: roc_auc \(Formats.score(result.auc, digits: 3)) over 5 folds (0.5 means no difference); the most telling columns: \(telling.joined(separator: ", "))",
                advice:
                    "draw train and test from the same rows at random (podium split --seed N on the whole raw file), or drop or fix the columns that differ: \(result.columns.prefix(3).map { Echo.quoted($0.column) }.joined(separator: ", "))",
                details: [
                    "auc": .number(result.auc), "trainRows": .integer(result.trainRows), "testRows": .integer(result.testRows),
                    "columns": .list(result.columns.prefix(5).map { .object(["column": .text($0.column), "auc": .number($0.auc)]) }),
                ])
        ]
    }

    static func percent(_ share: Double) -> String {
        let p = share * 100
        return p < 10 && p != p.rounded() ? String(format: "%.1f%%", p) : "\(Int(p.rounded()))%"
    }

    static func pText(_ p: Double) -> String { p < 1e-4 ? String(format: "%.1e", p) : String(format: "%.4f", p) }
}
