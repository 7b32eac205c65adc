import Foundation
import GRDB
import PodiumCore

public struct IntegrityService: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Pairs of teams whose submissions are alike, for the instructor to review: each team's
    /// counted submission on the private board (its predictions on all rows) and every file
    /// it sent; with the public/private rank agreement of the private board.
    public func integrity(_ slug: String) throws -> IntegrityReport {
        let board = try BoardService(store).leaderboard(slug, board: .private)
        let (version, teams, files) = try store.writer.read { db in
            let (challenge, version) = try ChallengeRecord.current(db, slug: slug)
            let challengeId = try challenge.requireID()
            return (
                version, try TeamRecord.all().of(challenge: challengeId).participating().fetchAll(db),
                try SubmissionRecord.all().of(challenge: challengeId).fetchAll(db)
            )
        }
        let manifest = version.manifest
        let solution = try Solutions(store).solution(for: version)
        let names = Dictionary(uniqueKeysWithValues: teams.compactMap { t in t.id.map { ($0, t.name) } })
        let sent = Dictionary(grouping: files, by: \.teamId).mapValues { Set($0.map(\.sha256)) }
        let records = Dictionary(uniqueKeysWithValues: files.compactMap { f in f.id.map { ($0, f) } })
        var compared: [IntegrityTeam] = []
        for team in teams {
            guard let id = team.id else { continue }
            let row = board.rankedRows.first { $0.team == team.name }
            let predictions = try row?.submissionId.flatMap { records[$0] }.map { record in
                try Scorer.predictions(data: CSVSource.contents(store.archive.url(for: record.sha256)), name: record.fileName, solution: solution)
            }
            compared.append(IntegrityTeam(name: names[id] ?? team.name, predictions: predictions, files: sent[id] ?? []))
        }
        let baseline = try version.baselineSHA256.map { sha in
            try Scorer.predictions(data: CSVSource.contents(store.archive.url(for: sha)), name: "baseline.csv", solution: solution)
        }
        return IntegrityReport.build(
            challenge: slug, version: manifest.version, solution: solution, teams: compared, baseline: baseline,
            baselineFile: version.baselineSHA256, agreement: board.agreement)
    }
}
