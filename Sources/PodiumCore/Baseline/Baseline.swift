import Foundation

/// The model `podium baseline` fits on train.csv.
public enum BaselineModel: String, Sendable, CaseIterable, Codable {
    /// The class frequencies of train.csv (the majority class as a label), or its mean.
    case majority
    /// Logistic regression (L2, C = 1) for classification, ridge regression (alpha = 1) for a
    /// regression, on `BaselineFeatures`: scikit-learn's defaults.
    case linear
}

/// A baseline's predictions for every test row, in the challenge's submission format.
public struct BaselineResult: Sendable {
    public var model: BaselineModel
    public var csv: String
    /// What was fitted, in a sentence.
    public var summary: String
    public var features: BaselineFeatures?
}

/// `podium baseline`: a simple, deterministic model trained on train.csv, whose predictions of
/// test.csv become `reference/baseline.csv`, the row a board and the linear grading measure
/// everyone against.
public enum Baseline {
    /// scikit-learn's defaults: `LogisticRegression(C=1.0)`, `Ridge(alpha=1.0)`.
    public static let inverseRegularisation = 1.0
    public static let ridgeAlpha = 1.0

    public static func fit(_ challenge: Challenge, model: BaselineModel) throws -> BaselineResult {
        guard challenge.temporary == nil else {
            throw PodiumError.invalid("baseline", "is written into a challenge folder, not into a bundle or a starting kit")
        }
        let m = challenge.manifest
        let train = try CSVTable.read(challenge.trainURL)
        let test = try CSVTable.read(challenge.testURL)
        guard let targetColumn = train.column(m.target) else {
            throw CSVError(file: "data/train.csv", line: 1, message: "no target column \(Echo.quoted(m.target)); a baseline learns from it")
        }
        guard let testIds = test.column(m.id) else {
            throw CSVError(file: "data/test.csv", line: 1, message: "no id column \(Echo.quoted(m.id))")
        }
        // The train rows with a target, as the model sees them.
        var rows: [Int] = []
        var labels: [Int] = []
        var values: [Double] = []
        for (r, row) in train.rows.enumerated() {
            let cell = AuditData.trimmed(row[targetColumn])
            if MissingValue.isMissing(cell) { continue }
            if m.task.isClassification {
                guard let k = m.classes.firstIndex(of: cell) else {
                    throw CSVError(
                        file: "data/train.csv", line: train.lines[r],
                        message: "target \(Echo.quoted(cell)) is not one of the classes \(Echo.list(m.classes, separator: ", ")) of challenge.yaml")
                }
                labels.append(k)
            } else {
                guard let v = AuditData.number(cell) else {
                    throw CSVError(file: "data/train.csv", line: train.lines[r], message: "target \(Echo.quoted(cell)) is not a number")
                }
                values.append(v)
            }
            rows.append(r)
        }
        guard !rows.isEmpty else { throw CSVError(file: "data/train.csv", line: nil, message: "no row has a target \(Echo.quoted(m.target))") }
        let k = m.classes.count
        let labelled = CSVTable(header: train.header, rows: rows.map { train.rows[$0] })
        // The positive class's index (binary), the second class when none is named.
        let positive = m.classes.firstIndex(of: m.positive ?? "") ?? 1
        // Per test row: the class probabilities (classification) or the value.
        var predictions: [[Double]]
        var summary: String
        var features: BaselineFeatures?
        switch (model, m.task.isClassification) {
        case (.majority, true):
            var counts = [Double](repeating: 0, count: k)
            for label in labels { counts[label] += 1 }
            let prior = counts.map { $0 / Double(labels.count) }
            predictions = Array(repeating: prior, count: test.rows.count)
            summary =
                "the class frequencies of train.csv (\(zip(m.classes, prior).map { "\($0) \(Formats.score($1, digits: 3))" }.joined(separator: ", ")))"
        case (.majority, false):
            let mean = values.accurateMean()
            predictions = Array(repeating: [mean], count: test.rows.count)
            summary = "the mean of \(m.target) in train.csv (\(mean))"
        case (.linear, let classification):
            let design = BaselineFeatures(train: labelled, excluded: [m.id, m.target])
            features = design
            guard design.width > 0 else {
                throw CSVError(
                    file: "data/train.csv", line: 1,
                    message:
                        "no column a linear model can use (\(design.dropped.map { "\($0.name): \($0.why)" }.joined(separator: "; "))); try --model majority"
                )
            }
            let x = design.matrix(labelled)
            let testX = design.matrix(test)
            let p = design.width
            let described =
                "\(design.numericCount) numeric column\(design.numericCount == 1 ? "" : "s") standardised, \(design.textCount) text column\(design.textCount == 1 ? "" : "s") one-hot encoded, missing values imputed"
            if classification {
                let fitted =
                    k == 2
                    ? logistic(x, p: p, positive: labels.map { $0 == positive ? 1.0 : 0.0 })
                    : softmax(x, p: p, labels: labels, k: k)
                predictions = (0..<test.rows.count).map { r in
                    let row = Array(testX[(r * p)..<((r + 1) * p)])
                    return fitted.probabilities(row, positiveIndex: positive)
                }
                summary = "logistic regression (L2, C = 1) on \(p) features (\(described))"
            } else {
                let fitted = try ridge(x, p: p, y: values)
                predictions = (0..<test.rows.count).map { r in
                    var z = fitted.intercept
                    for j in 0..<p { z += fitted.weights[j] * testX[r * p + j] }
                    return [z]
                }
                summary = "ridge regression (alpha = 1) on \(p) features (\(described))"
            }
        }
        var out = CSVWriter.line([m.id] + m.submissionColumns)
        for (r, row) in test.rows.enumerated() {
            let prediction = predictions[r]
            let cells: [String]
            switch (m.task, m.submission) {
            case (.multiclass, .probability): cells = prediction.map { "\($0)" }
            case (.binary, .probability): cells = ["\(prediction[positive])"]
            case (_, .label):
                // The most probable class, the first in the classes' order on a tie.
                var best = 0
                for c in prediction.indices where prediction[c] > prediction[best] { best = c }
                cells = [m.classes[best]]
            default: cells = ["\(prediction[0])"]
            }
            out += CSVWriter.line([row[testIds]] + cells)
        }
        return BaselineResult(model: model, csv: out, summary: summary, features: features)
    }

    /// Writes `reference/baseline.csv` and sets `baseline:` in challenge.yaml (the line
    /// replaced when there is one, a commented one taken up, else added).
    public static func write(_ result: BaselineResult, to challenge: Challenge) throws -> Challenge {
        let path = "reference/baseline.csv"
        let text = try String(contentsOf: challenge.manifestURL, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let entry = "baseline: \(path)   # written by podium baseline (\(result.model.rawValue))"
        if let i = lines.firstIndex(where: { $0.hasPrefix("baseline:") }) ?? lines.firstIndex(where: { $0.hasPrefix("# baseline:") }) {
            lines[i] = entry
        } else {
            if lines.last == "" { lines.removeLast() }
            lines += [entry, ""]
        }
        let manifest = lines.joined(separator: "\n")
        // The manifest is checked before anything is written: a folder is never left with a
        // baseline its challenge.yaml cannot read.
        let checked = try ChallengeManifest.parse(yaml: manifest, file: challenge.manifestURL.path)
        try AtomicWrite.write(result.csv, to: challenge.root.appending(path: path))
        try AtomicWrite.write(manifest, to: challenge.manifestURL)
        return Challenge(root: challenge.root, manifest: checked, temporary: nil)
    }

    // MARK: models

    /// A fitted linear classifier: one weight vector (binary, the positive class's logit) or
    /// one a class (multinomial), row-major `p × outputs`, then the intercepts.
    struct LinearClassifier {
        var p: Int
        var outputs: Int
        var parameters: [Double]

        func probabilities(_ row: [Double], positiveIndex: Int) -> [Double] {
            var z = [Double](repeating: 0, count: outputs)
            for c in 0..<outputs {
                var sum = parameters[p * outputs + c]
                for j in 0..<p { sum += row[j] * parameters[j * outputs + c] }
                z[c] = sum
            }
            if outputs == 1 {
                let positive = 1 / (1 + exp(-z[0]))
                return positiveIndex == 0 ? [positive, 1 - positive] : [1 - positive, positive]
            }
            let top = z.max() ?? 0
            let e = z.map { exp($0 - top) }
            let total = e.reduce(0, +)
            return e.map { $0 / total }
        }
    }

    /// Binary logistic regression: minimises C·Σ log(1 + exp(−s·z)) + ½‖w‖² (the intercept
    /// not penalised), scaled by 1/n, as scikit-learn's lbfgs solver does.
    static func logistic(_ x: [Double], p: Int, positive y: [Double]) -> LinearClassifier {
        let n = y.count
        let penalty = 1 / (inverseRegularisation * Double(n))
        let result = LBFGS.minimise(from: [Double](repeating: 0, count: p + 1)) { w, g in
            for j in g.indices { g[j] = 0 }
            var loss = 0.0
            for i in 0..<n {
                var z = w[p]
                for j in 0..<p { z += x[i * p + j] * w[j] }
                // log(1 + exp(−z)) for y = 1, log(1 + exp(z)) for y = 0, without overflow.
                let signed = y[i] == 1 ? -z : z
                loss += max(signed, 0) + log1p(exp(-abs(signed)))
                let residual = 1 / (1 + exp(-z)) - y[i]
                for j in 0..<p { g[j] += residual * x[i * p + j] }
                g[p] += residual
            }
            var value = loss / Double(n)
            for j in 0..<p {
                g[j] = g[j] / Double(n) + penalty * w[j]
                value += 0.5 * penalty * w[j] * w[j]
            }
            g[p] /= Double(n)
            return value
        }
        return LinearClassifier(p: p, outputs: 1, parameters: result.x)
    }

    /// Multinomial logistic regression over `k` classes, penalised as above.
    static func softmax(_ x: [Double], p: Int, labels: [Int], k: Int) -> LinearClassifier {
        let n = labels.count
        let penalty = 1 / (inverseRegularisation * Double(n))
        var z = [Double](repeating: 0, count: k)
        let result = LBFGS.minimise(from: [Double](repeating: 0, count: (p + 1) * k)) { w, g in
            for j in g.indices { g[j] = 0 }
            var loss = 0.0
            for i in 0..<n {
                for c in 0..<k { z[c] = w[p * k + c] }
                for j in 0..<p {
                    let v = x[i * p + j]
                    if v != 0 { for c in 0..<k { z[c] += v * w[j * k + c] } }
                }
                let top = z.max()!
                var total = 0.0
                for c in 0..<k {
                    z[c] = exp(z[c] - top)
                    total += z[c]
                }
                loss += log(total) - log(z[labels[i]])
                for c in 0..<k {
                    let residual = z[c] / total - (c == labels[i] ? 1 : 0)
                    for j in 0..<p { g[j * k + c] += residual * x[i * p + j] }
                    g[p * k + c] += residual
                }
            }
            var value = loss / Double(n)
            for j in 0..<(p * k) {
                g[j] = g[j] / Double(n) + penalty * w[j]
                value += 0.5 * penalty * w[j] * w[j]
            }
            for c in 0..<k { g[p * k + c] /= Double(n) }
            return value
        }
        return LinearClassifier(p: p, outputs: k, parameters: result.x)
    }

    /// Ridge regression with an intercept: (XcᵀXc + αI) w = Xcᵀyc on centred columns, solved by
    /// Cholesky (the matrix is positive definite for α > 0).
    static func ridge(_ x: [Double], p: Int, y: [Double]) throws -> (weights: [Double], intercept: Double) {
        let n = y.count
        var means = [Double](repeating: 0, count: p)
        for i in 0..<n { for j in 0..<p { means[j] += x[i * p + j] } }
        for j in 0..<p { means[j] /= Double(n) }
        let yMean = y.accurateMean()
        var a = [Double](repeating: 0, count: p * p)
        var b = [Double](repeating: 0, count: p)
        var centred = [Double](repeating: 0, count: p)
        for i in 0..<n {
            for j in 0..<p { centred[j] = x[i * p + j] - means[j] }
            let yc = y[i] - yMean
            for j in 0..<p {
                b[j] += centred[j] * yc
                for l in 0...j { a[j * p + l] += centred[j] * centred[l] }
            }
        }
        for j in 0..<p { a[j * p + j] += ridgeAlpha }
        guard let w = AdversarialValidation.solveSymmetric(a, b, p) else {
            throw PodiumError.invalid("data/train.csv", "the ridge regression's system is not positive definite")
        }
        var intercept = yMean
        for j in 0..<p { intercept -= means[j] * w[j] }
        return (w, intercept)
    }
}
