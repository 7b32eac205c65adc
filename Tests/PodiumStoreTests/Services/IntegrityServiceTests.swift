import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

@Suite struct IntegrityServiceTests {
    @Test func theSameFileSentByTwoTeamsIsWorthALook() throws {
        let f = try Fixture()
        let shared = f.submission { i in i % 3 == 0 ? 0.8 : 0.3 }
        _ = try SubmissionService(f.store).submit(challenge: "tiny", team: .name("alpha"), file: f.write(shared, "alpha.csv"))
        _ = try SubmissionService(f.store).submit(challenge: "tiny", team: .name("bravo"), file: f.write(shared, "renamed.csv"))
        _ = try SubmissionService(f.store).submit(
            challenge: "tiny", team: .name("solo"), file: f.write(f.submission { i in Double(i % 7) / 7 }, "solo.csv"))
        let report = try IntegrityService(f.store).integrity("tiny")
        #expect(report.flagged.map(\.teams) == [["alpha", "bravo"]])
        let pair = report.flagged[0]
        #expect(pair.sameFiles == 1)
        #expect(pair.identicalShare == 1)
        #expect(pair.reasons[0].contains("same file"))
        #expect(try report.render(.table).contains("worth a look"))
        #expect(try report.render(.csv).hasPrefix("team_a,team_b,same_files,"))
        // The private board, for the instructor, says how public and private ranks agree.
        let board = try BoardService(f.store).leaderboard("tiny", board: .private)
        #expect(board.agreement?.gaps.count == 3)
        #expect(board.agreement?.kendallTau != nil)
        #expect(try BoardService(f.store).leaderboard("tiny", board: .public, viewer: .participant(team: nil)).agreement == nil)
    }
}
