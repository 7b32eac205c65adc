import Foundation
import ZIPFoundation

/// The sample submission of a starting kit: every test id with a constant prediction.
public enum SampleSubmission {
    public static func make(_ challenge: Challenge) throws -> String {
        let m = challenge.manifest
        let test = try CSVTable.read(challenge.testURL)
        guard let idColumn = test.column(m.id) else {
            throw CSVError(file: "data/test.csv", line: 1, message: "no id column \(Echo.quoted(m.id))")
        }
        let prediction: [String]
        switch (m.task, m.submission) {
        case (.multiclass, .probability):
            prediction = m.classes.map { _ in "\(1.0 / Double(m.classes.count))" }
        case (.binary, .probability):
            prediction = ["0.5"]
        case (_, .label):
            prediction = [m.classes.first ?? ""]
        default:
            var mean = 0.0
            if let train = try? CSVTable.read(challenge.trainURL), let t = train.column(m.target) {
                let values = train.rows.compactMap { if case .number(let v) = NumberParser.parse($0[t]) { v } else { nil } }
                if !values.isEmpty { mean = values.accurateMean() }
            }
            prediction = ["\(mean)"]
        }
        var out = CSVWriter.line([m.id] + m.submissionColumns)
        for row in test.rows { out += CSVWriter.line([row[idColumn]] + prediction) }
        return out
    }
}
