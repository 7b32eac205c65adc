import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

/// Issue 19: a board reads each team's few candidates down an index instead of decoding every
/// submission. It must rank exactly as the full computation does: ties to the earlier file,
/// selections, undefined scores, a new version, and the counters of entries and last time.
@Suite struct BoardServiceIndexTests {
    /// The board as computed from every accepted submission (the definition).
    func fullBoard(_ f: Fixture, _ kind: BoardKind) throws -> Leaderboard {
        try f.store.writer.read { db in
            let (challenge, version) = try ChallengeRecord.current(db, slug: "tiny")
            let m = version.manifest
            let teams = try BoardService(f.store).boardTeams(db, challenge: challenge, version: m.version, candidates: nil)
            return Ranking.board(
                kind, challenge: "tiny", version: m.version, metric: m.metric, teams: teams,
                baseline: version.baseline.map { ($0.scores.public, $0.scores.private) }, finalSelection: m.finalSelection)
        }
    }

    func strip(_ board: Leaderboard) -> [String] {
        board.rows.map {
            "\($0.rank ?? 0) \($0.team) \($0.submissionId ?? 0) \($0.score ?? .nan) \($0.entries) \($0.lastSubmission?.timeIntervalSince1970 ?? 0)"
        }
    }

    @Test func candidatesRankExactlyAsEverySubmission() throws {
        let f = try Fixture()
        var rng = SeededGenerator(seed: 19)
        let teams = ["alpha", "bravo", "solo"]
        // Few distinct qualities: many ties, some constant files (AUC 0.5), some inverted.
        for i in 0..<60 {
            f.clock.advance(hours: 1)
            let team = teams[rng.below(3)]
            let q = [0.1, 0.3, 0.5, 0.7, 0.9, 0.9][rng.below(6)]
            _ = try? f.submit(team, quality: q, name: "\(team)-\(i).csv")
            if i % 17 == 16 {
                // A selection, then another later.
                let ids = try HistoryService(f.store).submissions("tiny", team: "alpha").filter { $0.status == .accepted }.map(\.id)
                if let first = ids.last { try BoardService(f.store).select("tiny", team: "alpha", ids: [first]) }
            }
            for kind in [BoardKind.public, .private] {
                let fast = try BoardService(f.store).leaderboard("tiny", board: kind)
                #expect(strip(fast) == strip(try fullBoard(f, kind)), "after file \(i), \(kind)")
            }
        }
        // A new version (labels flipped): every board read from the new scores.
        try f.publish(version: 2, flip: true)
        for kind in [BoardKind.public, .private] {
            #expect(strip(try BoardService(f.store).leaderboard("tiny", board: kind)) == strip(try fullBoard(f, kind)))
        }
        let status = try SubmissionService(f.store).status("tiny", team: "bravo")
        let best = try fullBoard(f, .public).rows.first { $0.team == "bravo" }?.score
        #expect(status.bestPublicScore == best)
    }

    /// A store made before the index: the migration fills it from the stored scores.
    @Test func theMigrationFillsTheIndexOfEarlierSubmissions() throws {
        let f = try Fixture()
        for (team, q) in [("alpha", 0.9), ("bravo", 0.7), ("alpha", 0.2)] {
            f.clock.advance(hours: 1)
            _ = try f.submit(team, quality: q)
        }
        let before = strip(try BoardService(f.store).leaderboard("tiny", board: .public))
        let keys = try f.store.writer.read { db in try ScoreSetRecord.fetchAll(db).map(\.rankKey) }
        try f.store.writer.write { db in
            try db.execute(sql: "UPDATE scoreSet SET rankKey = NULL, teamId = NULL, challengeId = NULL, createdAt = NULL")
            try db.execute(sql: "UPDATE team SET acceptedCount = 0, lastAcceptedAt = NULL")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v5: boards in O(teams)'")
            try db.execute(sql: "DROP INDEX scoreSet_board")
            try db.execute(sql: "DROP INDEX submission_selected")
            try db.execute(sql: "DROP INDEX submission_team_phase")
            try db.execute(sql: "ALTER TABLE scoreSet DROP COLUMN rankKey")
            try db.execute(sql: "ALTER TABLE scoreSet DROP COLUMN teamId")
            try db.execute(sql: "ALTER TABLE scoreSet DROP COLUMN challengeId")
            try db.execute(sql: "ALTER TABLE scoreSet DROP COLUMN createdAt")
            try db.execute(sql: "ALTER TABLE team DROP COLUMN acceptedCount")
            try db.execute(sql: "ALTER TABLE team DROP COLUMN lastAcceptedAt")
        }
        try Store.migrator.migrate(f.store.writer)
        // The migration's SQL gives the keys the application computes.
        #expect(try f.store.writer.read { db in try ScoreSetRecord.fetchAll(db).map(\.rankKey) } == keys)
        #expect(keys.allSatisfy { $0 != nil })
        #expect(strip(try BoardService(f.store).leaderboard("tiny", board: .public)) == before)
        #expect(try SubmissionService(f.store).status("tiny", team: "alpha").bestPublicScore == 1)
    }
}
