import Foundation

extension GradeSheet {
    public enum Format: String, CaseIterable, Sendable { case csv, json, table }

    public var columns: [String] {
        ["student_id", "name", "email", "team", "score", "rank", "challenge_grade", "grade_low", "grade_high"] + markNames
            + (markNames.isEmpty ? [] : ["ter_grade"]) + ["notes"]
    }

    /// CSV; with `;` as delimiter numbers take a decimal comma and the file a byte order mark,
    /// as French spreadsheets expect.
    public func csv(delimiter: Character = ",") -> String {
        let french = delimiter == ";"
        func number(_ v: Double?) -> String { Formats.sheetNumber(v, decimalComma: french) }
        func line(_ cells: [String]) -> String { CSVWriter.reportLine(cells, delimiter: delimiter) }
        var out = (french ? "\u{FEFF}" : "") + line(columns)
        for row in rows {
            var cells = [
                row.studentId, row.name, row.email, row.team, number(row.score), row.rank.map(String.init) ?? "", number(row.challengeGrade),
                number(row.gradeLow), number(row.gradeHigh),
            ]
            cells += markNames.map { number(row.marks[$0]) }
            if !markNames.isEmpty { cells.append(number(row.terGrade)) }
            cells.append(row.notes.joined(separator: "; "))
            out += line(cells)
        }
        return out
    }

    public func render(_ format: Format, delimiter: Character = ",") throws -> String {
        switch format {
        case .csv: return csv(delimiter: delimiter)
        case .json: return try Formats.json(self)
        case .table:
            let cells = rows.map { row in
                [
                    row.studentId, row.name, row.email, row.team, Formats.score(row.score), row.rank.map(String.init) ?? "—",
                    String(format: "%.2f", row.challengeGrade), String(format: "%.2f", row.gradeLow), String(format: "%.2f", row.gradeHigh),
                ]
                    + markNames.map { row.marks[$0].map { String(format: "%.2f", $0) } ?? "—" }
                    + (markNames.isEmpty ? [] : [row.terGrade.map { String(format: "%.2f", $0) } ?? "—"])
                    + [row.notes.joined(separator: "; ")]
            }
            var title = "\(challenge) grades — \(policy.rawValue) policy on \(Int(scale)), from the private board (\(metric))"
            if let resamples {
                title +=
                    uncertainty == .expected
                    ? "; each grade is the mean over \(resamples) bootstrap resamples"
                    : "; grade_low–grade_high: over \(resamples) bootstrap resamples"
            }
            return title + "\n" + Formats.table(columns, cells, rightAligned: [4, 5, 6, 7, 8])
        }
    }
}
