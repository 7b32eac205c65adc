import Foundation
import GRDB
import PodiumCore

/// An accepted submission with its exact public score, as the Ladder replays a team's history.
private struct LadderEntry: FetchableRecord, Decodable {
    var id: Int64
    var teamId: Int64
    var sha256: String
    var fileName: String
    var scoresJSON: String?
}

/// The Ladder's steps, kept in the store as they are computed.
struct LadderSteps: Sendable {
    let store: Store

    init(_ store: Store) { self.store = store }

    /// The Ladder steps of a challenge's current version by submission id (empty unless
    /// `public_board: ladder`), brought up to date first: each team's accepted submissions are
    /// replayed in the order they were accepted, and only the steps not yet stored are
    /// computed (each from the archived files of the submission and of the one that set the
    /// team's score), then kept. The result depends on the history only, so two readers
    /// computing the same step at once store the same thing.
    @discardableResult
    func steps(_ slug: String) throws -> [Int64: LadderStep] {
        // Most boards are not Ladder boards: find out from the manifest alone (the version's
        // row also holds its solution and starting kit).
        let usesLadder = try store.writer.read { db -> Bool in
            guard let challenge = try ChallengeRecord.all().slug(slug).fetchOne(db),
                let json = try String.fetchOne(
                    db, sql: "SELECT manifestJSON FROM challengeVersion WHERE challengeId = ? AND version = ?",
                    arguments: [challenge.id, challenge.currentVersion])
            else { throw StoreError.unknownChallenge(slug) }
            return try JSONText.decode(ChallengeManifest.self, from: json).usesLadder
        }
        guard usesLadder else { return [:] }
        let (challengeId, version) = try store.writer.read { db in
            let (challenge, version) = try ChallengeRecord.current(db, slug: slug)
            return (try challenge.requireID(), version)
        }
        let manifest = version.manifest
        let (entries, stored) = try store.writer.read { db in
            let entries = try LadderEntry.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.teamId, s.sha256, s.fileName, sc.scoresJSON FROM submission s
                    JOIN scoreSet sc ON sc.submissionId = s.id AND sc.version = ?
                    WHERE s.challengeId = ? AND s.status = ? ORDER BY s.id
                    """, arguments: [manifest.version, challengeId, SubmissionStatus.accepted])
            let stored = try LadderStepRecord.filter(LadderStepRecord.Columns.version == manifest.version)
                .filter(sql: "submissionId IN (SELECT id FROM submission WHERE challengeId = ?)", arguments: [challengeId]).fetchAll(db)
            return (entries, stored)
        }
        var steps = Dictionary(stored.map { ($0.submissionId, $0.step) }, uniquingKeysWith: { a, _ in a })
        let metric = manifest.metric
        func exact(_ entry: LadderEntry) throws -> Double? {
            try entry.scoresJSON.flatMap { try JSONText.decode(ScoreReport.self, from: $0).score(.public, metric) }
        }
        let missing = try entries.contains { entry in try steps[entry.id] == nil && exact(entry) != nil }
        guard missing else { return steps }

        let solution = try Solutions(store).solution(for: version)
        let publicRows = Ladder.PublicRows(solution: solution)
        let rows = publicRows.judged
        var data: [Int64: MetricData] = [:]
        func metricData(_ entry: LadderEntry) throws -> MetricData {
            if let known = data[entry.id] { return known }
            let predictions = try Scorer.predictions(
                data: CSVSource.contents(store.archive.url(for: entry.sha256)), name: entry.fileName, solution: solution)
            let made = publicRows.data(predictions)
            data[entry.id] = made
            return made
        }
        var fresh: [LadderStepRecord] = []
        var reference: [Int64: (entry: LadderEntry, exact: Double, shown: Double)] = [:]
        for entry in entries {
            guard let score = try exact(entry) else { continue }
            let step: LadderStep
            if let known = steps[entry.id] {
                step = known
            } else {
                let current = try reference[entry.teamId].map { Ladder.Reference(data: try metricData($0.entry), score: $0.exact, shown: $0.shown) }
                step = Ladder.step(metric: metric, new: try metricData(entry), score: score, current: current, rows: rows)
                steps[entry.id] = step
                fresh.append(
                    LadderStepRecord(
                        id: nil, submissionId: entry.id, version: manifest.version, moved: step.moved, score: step.score, margin: step.margin))
            }
            if step.moved { reference[entry.teamId] = (entry, score, step.score) }
        }
        try store.writer.write { db in
            for var record in fresh { try record.insert(db, onConflict: .ignore) }
        }
        return steps
    }
}
