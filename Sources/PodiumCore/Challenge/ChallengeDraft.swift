import Foundation

/// What `podium new --from RAW.csv --target COL` reads off the data: the manifest's task,
/// classes, positive class, submission kind and metrics, each with the reason it was chosen,
/// so that the author sees every guess and the key that changes it.
public struct ChallengeDraft: Sendable, Equatable {
    /// One choice made from the data.
    public struct Inference: Sendable, Equatable {
        /// The challenge.yaml key it fills.
        public var key: String
        public var value: String
        public var reason: String
    }

    public var task: TaskKind
    public var id: String
    public var target: String
    public var classes: [String]
    public var positive: String?
    public var submission: SubmissionKind
    public var metric: Metric
    public var metrics: [Metric]
    public var inferences: [Inference]

    /// The smallest class's share of the largest's under which accuracy is not the metric: a
    /// model that ignores the small class would still score well.
    public static let imbalanceRatio = 0.5

    /// Words that name the class a binary task looks for, compared in lower case.
    static let affirmative: Set<String> = ["1", "yes", "y", "true", "t", "positive", "pos"]

    /// Reads the target column of `raw` (rows whose target is missing are ignored, as the
    /// split leaves them out).
    public static func infer(_ raw: CSVTable, file: String, target: String, id: String?) throws -> ChallengeDraft {
        guard let column = raw.column(target) else {
            throw CSVError(
                file: file, line: 1, message: "no target column \(Echo.quoted(target)); the columns are \(Echo.list(raw.header, separator: ", "))")
        }
        if let id, raw.column(id) == nil {
            throw CSVError(file: file, line: 1, message: "no id column \(Echo.quoted(id)); the columns are \(Echo.list(raw.header, separator: ", "))")
        }
        let values = raw.rows.map { AuditData.trimmed($0[column]) }.filter { !MissingValue.isMissing($0) }
        guard !values.isEmpty else { throw CSVError(file: file, line: nil, message: "the target \(Echo.quoted(target)) is missing on every row") }
        let task = Splitter.inferTask(values)
        var counts: [String: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        let distinct = counts.count
        guard distinct > 1 else {
            throw CSVError(
                file: file, line: nil,
                message: "the target \(Echo.quoted(target)) has one value (\(Echo.quoted(values[0]))) on every row: there is nothing to predict")
        }
        var inferences: [Inference] = []
        let numeric = values.allSatisfy { if case .number = NumberParser.parse($0) { true } else { false } }
        switch task {
        case .regression:
            inferences.append(Inference(key: "task", value: "regression", reason: "\(target) holds \(distinct) distinct numbers"))
        case .binary, .multiclass:
            let what = numeric ? "whole numbers" : "values"
            inferences.append(
                Inference(
                    key: "task", value: task.rawValue,
                    reason: "\(target) holds \(distinct) distinct \(what)\(numeric ? " (at most 10: classes)" : "")"))
        }
        let classes = counts.keys.sorted { a, b in
            if numeric, case .number(let x) = NumberParser.parse(a), case .number(let y) = NumberParser.parse(b), x != y { return x < y }
            return a < b
        }
        var positive: String?
        if task == .binary {
            let (chosen, why) = positiveClass(classes, counts: counts)
            positive = chosen
            inferences.append(Inference(key: "classes", value: "[\(classes.joined(separator: ", "))]", reason: "sorted"))
            inferences.append(Inference(key: "positive", value: chosen, reason: why))
        } else if task == .multiclass {
            inferences.append(Inference(key: "classes", value: "[\(classes.joined(separator: ", "))]", reason: "sorted"))
        }
        let submission: SubmissionKind
        let metric: Metric
        var metrics: [Metric]
        switch task {
        case .binary:
            submission = .probability
            metric = .rocAUC
            let balanced = balance(counts)
            metrics = [balanced.ok ? .accuracy : .balancedAccuracy, .logLoss]
            inferences.append(
                Inference(key: "submission", value: "probability", reason: "the probability of \(positive ?? ""), so that ranking metrics apply"))
            inferences.append(
                Inference(
                    key: "metric", value: metric.rawValue,
                    reason: "ranks the probabilities, whatever the threshold and the balance of the classes (\(balanced.text))"))
        case .multiclass:
            submission = .label
            let balanced = balance(counts)
            metric = balanced.ok ? .accuracy : .balancedAccuracy
            metrics = balanced.ok ? [.f1Macro] : [.accuracy, .f1Macro]
            inferences.append(Inference(key: "submission", value: "label", reason: "one class per row, the simplest file to write"))
            inferences.append(
                Inference(
                    key: "metric", value: metric.rawValue,
                    reason: balanced.ok
                        ? "the classes are balanced (\(balanced.text))"
                        : "the classes are unbalanced (\(balanced.text)): accuracy would reward ignoring the smallest"))
        case .regression:
            submission = .value
            metric = .rmse
            metrics = [.mae, .r2]
            inferences.append(Inference(key: "submission", value: "value", reason: "one number per row"))
            inferences.append(Inference(key: "metric", value: "rmse", reason: "the usual error of a regression, in the target's unit"))
        }
        inferences.append(
            Inference(key: "metrics", value: "[\(metrics.map(\.rawValue).joined(separator: ", "))]", reason: "shown beside it on the boards"))
        let idName = id ?? "id"
        inferences.append(
            Inference(
                key: "id", value: idName,
                reason: raw.column(idName) != nil ? "the file's own id column" : "generated by the split: plain integers, in shuffled order"))
        return ChallengeDraft(
            task: task, id: idName, target: target, classes: task.isClassification ? classes : [], positive: positive, submission: submission,
            metric: metric, metrics: metrics, inferences: inferences)
    }

    /// The positive class of a binary task: the one whose name says so (`1`, `yes`, `true`...),
    /// else the rarer one (what a binary task usually looks for: the disease, the fraud), else
    /// the last in sorted order.
    static func positiveClass(_ classes: [String], counts: [String: Int]) -> (String, String) {
        let named = classes.filter { affirmative.contains($0.lowercased()) }
        if named.count == 1 { return (named[0], "its name says so (\(classes.joined(separator: " / ")))") }
        let a = classes[0]
        let b = classes[1]
        let (ca, cb) = (counts[a] ?? 0, counts[b] ?? 0)
        if ca != cb {
            let rare = ca < cb ? a : b
            return (rare, "the rarer class (\(min(ca, cb)) rows against \(max(ca, cb))): what a binary task usually looks for")
        }
        return (b, "the classes are as frequent; the last in sorted order")
    }

    /// Whether the smallest class has at least `imbalanceRatio` of the largest's rows.
    static func balance(_ counts: [String: Int]) -> (ok: Bool, text: String) {
        let sorted = counts.sorted { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }
        guard let small = sorted.first, let large = sorted.last, large.value > 0 else { return (true, "") }
        let ok = Double(small.value) >= imbalanceRatio * Double(large.value)
        return (ok, "\(small.value) rows of \(small.key) against \(large.value) of \(large.key)")
    }
}
