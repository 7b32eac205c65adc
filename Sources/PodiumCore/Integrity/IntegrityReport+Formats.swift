import Foundation

extension IntegrityReport {
    public enum Format: String, CaseIterable, Sendable { case table, json, csv }

    /// Pairs worth a look first, then the most alike.
    public var orderedPairs: [IntegrityPair] {
        pairs.sorted { a, b in
            if a.worthALook != b.worthALook { return a.worthALook }
            return (a.correlation ?? a.identicalShare ?? -2) > (b.correlation ?? b.identicalShare ?? -2)
        }
    }

    public var columns: [String] {
        ["team", "team", "same files", "correlation", "identical", "shared errors", "expected", "z", "worth a look", "why"]
    }

    public func cells() -> [[String]] {
        orderedPairs.map { p in
            [
                p.teams[0], p.teams[1], String(p.sameFiles), Formats.score(p.correlation, digits: 4),
                p.identicalShare.map { "\(Int(($0 * 100).rounded()))%" } ?? "—", p.sharedErrors.map(String.init) ?? "—",
                Formats.score(p.expectedSharedErrors, digits: 1), Formats.score(p.sharedErrorsZ, digits: 1), p.worthALook ? "yes" : "",
                p.reasons.joined(separator: "; "),
            ]
        }
    }

    /// When a pair is worth a look, in words.
    public static let rule =
        "A pair is worth a look when it sent the same file; when its predictions correlate at 0.999 or more, or half of them are identical; or, with at least \(minimumPairs) pairs to compare, when a figure stands far out among this challenge's pairs (modified z-score above \(Formats.number(relativeThreshold))) and past a floor (correlation 0.95, a fifth identical, shared-errors z 3). Two teams close to the baseline are not flagged for it."

    /// The public/private agreement in one line, or nil.
    public var agreementLine: String? { agreement?.line }

    public func render(_ format: Format) throws -> String {
        switch format {
        case .json:
            return try Formats.json(self)
        case .csv:
            var out = CSVWriter.reportLine([
                "team_a", "team_b", "same_files", "correlation", "identical_share", "shared_errors", "expected_shared_errors", "shared_errors_z",
                "worth_a_look", "why",
            ])
            for p in orderedPairs {
                out += CSVWriter.reportLine([
                    p.teams[0], p.teams[1], String(p.sameFiles), p.correlation.map { "\($0)" } ?? "", p.identicalShare.map { "\($0)" } ?? "",
                    p.sharedErrors.map(String.init) ?? "", p.expectedSharedErrors.map { "\($0)" } ?? "", p.sharedErrorsZ.map { "\($0)" } ?? "",
                    p.worthALook ? "true" : "false", p.reasons.joined(separator: "; "),
                ])
            }
            return out
        case .table:
            let flagged = self.flagged.count
            var text = "\(challenge) v\(version): \(pairs.count) pairs of teams compared on \(rows) rows; "
            text += flagged == 0 ? "none stands out.\n" : "\(flagged) worth a look (a reason to read their files, not a verdict).\n"
            text += Formats.table(columns, cells(), rightAligned: [2, 3, 4, 5, 6, 7])
            text += "\n" + Self.rule + "\n"
            if let line = agreementLine { text += line + "\n" }
            return text
        }
    }
}

extension RankAgreement {
    /// "Public/private agreement: Kendall's tau 0.67 over 3 teams; public minus private: alpha +0.0021, …"
    public var line: String {
        let tau = kendallTau.map { String(format: "%.2f", $0) } ?? "undefined"
        let gapText = gaps.map { "\($0.team) \($0.gap >= 0 ? "+" : "")\(Formats.score($0.gap, digits: 4))" }.joined(separator: ", ")
        return "Public/private agreement: Kendall's tau \(tau) over \(gaps.count) teams; public minus private score: \(gapText)"
    }
}
