import Foundation
import GRDB
import PodiumCore
import Testing

@testable import PodiumStore

let limited = """
    phases:
      - name: main
        opens: 2027-01-10T09:00:00+01:00
        closes: 2027-02-10T18:00:00+01:00
        max_per_day: 2
        max_total: 3
        final_selection: 1

    """

@Suite struct StoreTests {
    @Test func dailyLimitAndItsReset() throws {
        let f = try Fixture(phases: limited)
        let first = try f.submit("alpha", quality: 0.8)
        #expect(first.leftToday == 1 && first.leftTotal == 2)
        #expect(first.resetsAt == ISO8601.parse("2027-01-16T00:00:00+01:00"))
        _ = try f.submit("alpha", quality: 0.7)
        do {
            _ = try f.submit("alpha", quality: 0.9)
            Issue.record("third submission of the day accepted")
        } catch StoreError.limitReached(let reached) {
            #expect(reached.limit == .perDay(2))
            #expect(reached.team == "alpha")
            #expect(reached.freesAt == ISO8601.parse("2027-01-16T00:00:00+01:00"))
            let message = StoreError.limitReached(reached).localizedDescription
            #expect(message.contains("max_per_day"))
            #expect(message.contains("2027-01-16T00:00:00+01:00"))
        }
        // Another team is not affected; the next day (Paris time) frees the count.
        _ = try f.submit("bravo", quality: 0.6)
        f.clock.set("2027-01-15T23:30:00+00:00")  // 00:30 in Paris
        let next = try f.submit("alpha", quality: 0.9)
        #expect(next.leftToday == 1 && next.leftTotal == 0)
        f.clock.advance(hours: 24)
        let total = #expect(throws: StoreError.self) { try f.submit("alpha", quality: 0.9) }
        guard case .limitReached(let reached)? = total else {
            Issue.record("expected limitReached, got \(String(describing: total))")
            return
        }
        #expect(reached.limit == .total(3, phase: "main"))
        #expect(reached.freesAt == nil)
        #expect(total?.localizedDescription == "team \"alpha\" has used all 3 submissions of phase \"main\" (max_total)")
    }

    /// A CSV already in memory (the server's uploads) is checked as the same file on disk: the
    /// same receipt, and past the challenge's size limit the same error, nothing recorded.
    @Test func aFileInMemoryIsSubmittedAsFromDisk() throws {
        let f = try Fixture()
        let text = f.submission { i in i % 2 == 0 ? 0.8 : 0.3 }
        let fromMemory = try SubmissionService(f.store).submit(
            challenge: "tiny", team: .name("alpha"), content: Data(text.utf8), fileName: "a.csv", source: .api)
        let fromDisk = try SubmissionService(f.store).submit(challenge: "tiny", team: .name("bravo"), file: f.write(text, "a.csv"), source: .api)
        #expect(fromMemory.status == .accepted)
        #expect(fromMemory.publicScores == fromDisk.publicScores)
        let limit = SubmissionService.maxSubmissionBytes(for: try Solutions(f.store).current("tiny"))
        let large = Data(text.utf8) + Data(repeating: 10, count: limit)
        let fromFile = #expect(throws: CSVError.self) {
            try SubmissionService(f.store).submit(
                challenge: "tiny", team: .name("solo"), file: f.write(String(decoding: large, as: UTF8.self), "b.csv"))
        }
        let inMemory = #expect(throws: CSVError.self) {
            try SubmissionService(f.store).submit(challenge: "tiny", team: .name("solo"), content: large, fileName: "b.csv", source: .api)
        }
        #expect(inMemory?.message == fromFile?.message)
        #expect(inMemory?.file == "b.csv")
        #expect(try HistoryService(f.store).submissions("tiny", team: "solo").isEmpty)
    }

    @Test func refusedFilesDoNotCount() throws {
        let f = try Fixture(phases: limited)
        for _ in 0..<3 {
            let receipt = try SubmissionService(f.store).submit(challenge: "tiny", team: .name("alpha"), file: f.write("id,y\nnope,2\n", "bad.csv"))
            #expect(receipt.status == .refused && receipt.problems != nil && receipt.publicScore == nil)
            #expect(receipt.leftToday == 2)
        }
        #expect(try f.submit("alpha", quality: 0.8).status == .accepted)
        let history = try HistoryService(f.store).submissions("tiny", team: "alpha")
        #expect(history.count == 4 && history.filter { $0.status == .refused }.count == 3)
        #expect(history.first { $0.status == .refused }?.problems?.groups.isEmpty == false)
    }

    @Test func phaseWindows() throws {
        let f = try Fixture(phases: limited, clock: "2027-01-09T12:00:00+01:00")
        let early = #expect(throws: StoreError.self) { try f.submit("alpha", quality: 0.8) }
        #expect(early?.localizedDescription == "no phase of \"tiny\" is open now; the next opens at 2027-01-10T09:00:00+01:00")
        f.clock.set("2027-02-10T18:00:00+01:00")
        let late = #expect(throws: StoreError.self) { try f.submit("alpha", quality: 0.8) }
        guard case .phaseClosed(let closure)? = late else {
            Issue.record("expected phaseClosed, got \(String(describing: late))")
            return
        }
        #expect(closure.nextOpening == nil)
        #expect(closure.lastClosing == ISO8601.parse("2027-02-10T18:00:00+01:00"))
        #expect(late?.localizedDescription == "the submissions of \"tiny\" closed at 2027-02-10T18:00:00+01:00")
        f.clock.set("2027-02-10T17:59:59+01:00")
        #expect(try f.submit("alpha", quality: 0.8).status == .accepted)
    }

    @Test func unknownTeamAndChallenge() throws {
        let f = try Fixture()
        #expect(throws: StoreError.unknownTeam(.name("ghost"), challenge: "tiny")) { try f.submit("ghost", quality: 0.8) }
        #expect(throws: StoreError.unknownChallenge("nope")) { try BoardService(f.store).leaderboard("nope", board: .public) }
    }

    @Test func tiesShareARankEarlierFirstAndBaselineIsNotRanked() throws {
        let f = try Fixture(baseline: true)
        _ = try f.submit("bravo", quality: 0.8)
        f.clock.advance(hours: 1)
        _ = try f.submit("alpha", quality: 0.8)
        let board = try BoardService(f.store).leaderboard("tiny", board: .public)
        #expect(board.rows.map(\.team) == ["bravo", "alpha", "baseline", "solo"])
        #expect(board.rows.map(\.rank) == [1, 1, nil, nil])
        #expect(board.rows[2].isBaseline)
        #expect(board.rows[3].score == nil && board.rows[3].entries == 0)
        #expect(board.rows[0].members == ["Cid", "Dee"])
    }

    @Test func bestPublicCountsAndSelectionDrivesThePrivateBoard() throws {
        let f = try Fixture(phases: limited)
        let good = try f.submit("alpha", quality: 0.9)
        let weak = try f.submit("alpha", quality: 0.4)
        #expect(weak.bestPublicScore == good.publicScore)
        var privateBoard = try BoardService(f.store).leaderboard("tiny", board: .private)
        #expect(privateBoard.rows.first?.submissionId == good.id)  // best public one by default
        try BoardService(f.store).select("tiny", team: "alpha", ids: [weak.id])
        privateBoard = try BoardService(f.store).leaderboard("tiny", board: .private)
        #expect(privateBoard.rows.first?.submissionId == weak.id)
        #expect(throws: StoreError.self) { try BoardService(f.store).select("tiny", team: "alpha", ids: [good.id, weak.id]) }  // final_selection: 1
        let other = try f.submit("bravo", quality: 0.7)
        #expect(throws: StoreError.invalidSelection(.notOfTeam(id: other.id, team: "alpha"))) {
            try BoardService(f.store).select("tiny", team: "alpha", ids: [other.id])
        }
    }

    @Test func privateScoresStayHiddenUntilTheReveal() throws {
        let f = try Fixture()
        _ = try f.submit("alpha", quality: 0.8)
        let participant = Viewer.participant(team: "alpha")
        #expect(throws: StoreError.notRevealed("tiny")) { try BoardService(f.store).leaderboard("tiny", board: .private, viewer: participant) }
        let history = try HistoryService(f.store).submissions("tiny", team: "alpha", viewer: participant)
        #expect(history.allSatisfy { $0.privateScore == nil && $0.privateScores == nil })
        let json = try Formats.json(history)
        #expect(!json.contains("private"))
        #expect(try HistoryService(f.store).submissions("tiny", viewer: .instructor).first?.privateScore != nil)
        _ = try BoardService(f.store).reveal("tiny")
        #expect(try BoardService(f.store).leaderboard("tiny", board: .private, viewer: participant).rankedRows.count == 1)
        #expect(try HistoryService(f.store).submissions("tiny", team: "alpha", viewer: participant).first?.privateScore != nil)
    }

    @Test func aNewVersionRescoresEverythingAndKeepsHistory() throws {
        let f = try Fixture()
        let receipt = try f.submit("alpha", quality: 0.8)
        #expect(receipt.publicScore == 1)
        let report = try f.publish(version: 2, flip: true)
        #expect(report.previousVersion == 1 && report.rescored == 1)
        let board = try BoardService(f.store).leaderboard("tiny", board: .public)
        #expect(board.version == 2 && board.rows.first?.score == 0)
        let versions = try f.store.writer.read { db in try ScoreSetRecord.fetchAll(db).map(\.version).sorted() }
        #expect(versions == [1, 2])
        #expect(try f.publish(version: 1).alreadyPublished)  // same bytes: nothing to do
        #expect(throws: StoreError.self) { try f.publish(version: 1, flip: true) }
        #expect(try f.publish(version: 2, flip: true).alreadyPublished)
    }

    @Test func rosterReimportIsIdempotentAndReportsChanges() throws {
        let f = try Fixture()
        let again = try RosterService(f.store).importRoster(
            f.write(
                "student_id,name,email,team\n1,Ann,ann@x.org,alpha\n2,Bob,bob@x.org,alpha\n3,Cid,cid@x.org,bravo\n4,Dee,dee@x.org,bravo\n5,Eve,eve@x.org,solo\n",
                "r2.csv"), challenge: "tiny")
        #expect(again.newTeams.isEmpty && again.unchanged == 5 && again.changes.isEmpty)
        #expect(again.flagged.map(\.team) == ["solo"])
        let moved = try RosterService(f.store).importRoster(
            f.write("student_id,name,email,team\n5,Eve,eve@x.org,bravo\n", "r3.csv"), challenge: "tiny")
        #expect(moved.changes == ["5: team solo → bravo"])
        #expect(moved.notInRoster == ["1", "2", "3", "4"])
        #expect(throws: CSVError(file: "bad.csv", line: 3, message: "student \"1\" is already listed on line 2")) {
            try RosterService(f.store).importRoster(f.write("student_id,name,email,team\n1,A,a,x\n1,B,b,y\n", "bad.csv"), challenge: "tiny")
        }
    }

    @Test func tokensAreHashedAndIdentifyTheirTeam() throws {
        let f = try Fixture()
        let report = try RosterService(f.store).importRoster(f.write("student_id,name,email,team\n9,Zoe,z@x.org,zulu\n", "r.csv"), challenge: "tiny")
        let token = try #require(report.newTeams.first?.token)
        #expect(token.count >= 32)
        #expect(try TokenService(f.store).team(forToken: token)?.team == "zulu")
        #expect(try TokenService(f.store).team(forToken: token + "x") == nil)
        let stored = try f.store.writer.read { db in try String.fetchAll(db, sql: "SELECT tokenHash FROM team") }
        #expect(!stored.contains(token) && stored.contains(Tokens.hash(token)))
        let receipt = try SubmissionService(f.store).submit(challenge: "tiny", team: .token(token), file: f.file("z.csv", quality: 0.9))
        #expect(receipt.team == "zulu")
    }

    @Test func ingestIsIdempotentByContent() throws {
        let f = try Fixture()
        try f.write(f.submission { i in i % 2 == 0 ? 0.8 : 0.2 }, "drop/alpha/01.csv")
        try f.write(f.submission { i in i % 2 == 0 ? 0.7 : 0.3 }, "drop/bravo/01.csv")
        try f.write("id,y\n", "drop/bravo/02-bad.csv")
        try f.write(f.submission { _ in 0.5 }, "drop/ghost/01.csv")
        let first = try SubmissionService(f.store).ingest(challenge: "tiny", folder: f.folder.url.appending(path: "drop"))
        #expect(first.filter { $0.receipt?.status == .accepted }.count == 2)
        #expect(first.filter { $0.receipt?.status == .refused }.count == 1)
        #expect(first.filter { $0.error != nil }.count == 1)
        let second = try SubmissionService(f.store).ingest(challenge: "tiny", folder: f.folder.url.appending(path: "drop"))
        #expect(second.filter { $0.receipt?.duplicate == true }.count == 3)
        #expect(try HistoryService(f.store).submissions("tiny").count == 3)
    }

    @Test func archiveHoldsEveryFileBeforeItsRow() throws {
        let f = try Fixture()
        let receipt = try f.submit("alpha", quality: 0.8)
        let sha = try f.store.writer.read { db in try String.fetchOne(db, sql: "SELECT sha256 FROM submission WHERE id = ?", arguments: [receipt.id])!
        }
        let archived = try CSVSource.contents(f.store.archive.url(for: sha))
        #expect(Hashing.sha256(archived) == sha)
    }

    @Test func gradesFromThePrivateBoard() throws {
        let f = try Fixture(baseline: true)
        _ = try f.submit("alpha", quality: 0.9)
        _ = try f.submit("bravo", quality: 0.6)
        let sheet = try GradeService(f.store).grades("tiny")
        #expect(sheet.rows.map(\.team) == ["alpha", "alpha", "bravo", "bravo", "solo"])
        #expect(sheet.rows[0].challengeGrade == 20)
        #expect(sheet.rows[4].challengeGrade == 0 && sheet.rows[4].notes == ["no submission"])
    }
}

@Suite struct ConcurrencyTests {
    @Test func concurrentSubmissionsNeverExceedALimit() async throws {
        let f = try Fixture(phases: limited, onDisk: true)
        let files = try (0..<12).map { try f.file("c\($0).csv", quality: 0.5 + Double($0) / 100) }
        let store = f.store
        let outcomes = await withTaskGroup(of: String.self) { group in
            for file in files {
                group.addTask {
                    do {
                        return try SubmissionService(store).submit(challenge: "tiny", team: .name("alpha"), file: file).status.rawValue
                    } catch StoreError.limitReached {
                        return "limit"
                    } catch {
                        return "error: \(error)"
                    }
                }
            }
            var all: [String] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter { $0 == "accepted" }.count == 2)
        #expect(outcomes.filter { $0 == "limit" }.count == 10)
        #expect(try HistoryService(f.store).submissions("tiny", team: "alpha").count == 2)
    }
}
