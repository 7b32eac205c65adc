import Foundation
import GRDB
import PodiumCore
import Synchronization
import Testing

@testable import PodiumStore

/// Submitting: limits, phases, refusals, ingest, the archive, and the transactions of one upload.
@Suite struct SubmissionServiceTests {
    func mode(_ url: URL) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    func versions(of submission: Int64, _ store: Store) throws -> [Int] {
        try store.writer.read { db in
            try ScoreSetRecord.filter(ScoreSetRecord.Columns.submissionId == submission).fetchAll(db).map(\.version).sorted()
        }
    }

    @Test func dailyLimitAndItsReset() throws {
        let f = try Fixture(phases: limited)
        let first = try f.submit("alpha", quality: 0.8)
        #expect(first.leftToday == 1)
        #expect(first.leftTotal == 2)
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
        #expect(next.leftToday == 1)
        #expect(next.leftTotal == 0)
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
            #expect(receipt.status == .refused)
            #expect(receipt.problems != nil)
            #expect(receipt.publicScore == nil)
            #expect(receipt.leftToday == 2)
        }
        #expect(try f.submit("alpha", quality: 0.8).status == .accepted)
        let history = try HistoryService(f.store).submissions("tiny", team: "alpha")
        #expect(history.count == 4)
        #expect(history.filter { $0.status == .refused }.count == 3)
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

    /// An inbox is made of what students handed in: a file that is a symbolic link (which
    /// could name any file of the machine, its first line then shown in a refusal) is not
    /// submitted, a team folder that is a link is; a file beside the team folders is named
    /// as no team's, where it was passed over without a word; and names with an escape
    /// sequence are listed with it made visible, not sent to the terminal.
    @Test func ingestSubmitsNoLinkAndNamesFilesOfNoTeam() throws {
        let f = try Fixture()
        let drop = f.folder.url.appending(path: "drop")
        try f.write(f.submission { i in i % 2 == 0 ? 0.8 : 0.2 }, "elsewhere/bravo/01.csv")
        try f.write("root:x:0:0:root:/root:/bin/bash\n", "secret.csv")
        try f.write(f.submission { i in i % 2 == 0 ? 0.7 : 0.3 }, "drop/alpha/01.csv")
        try f.write(f.submission { _ in 0.5 }, "drop/stray.csv")
        try f.write(f.submission { _ in 0.5 }, "drop/ghost\u{1B}[2J/01.csv")
        try FileManager.default.createSymbolicLink(
            at: drop.appending(path: "alpha/02-link.csv"), withDestinationURL: f.folder.url.appending(path: "secret.csv"))
        try FileManager.default.createSymbolicLink(
            at: drop.appending(path: "bravo"), withDestinationURL: f.folder.url.appending(path: "elsewhere/bravo"))
        let results = try SubmissionService(f.store).ingest(challenge: "tiny", folder: drop)
        let byName = Dictionary(uniqueKeysWithValues: results.map { ("\($0.team ?? "")/\($0.file)", $0) })
        #expect(byName.keys.sorted() == ["/stray.csv", "alpha/01.csv", "alpha/02-link.csv", "bravo/01.csv", "ghost�[2J/01.csv"])
        #expect(byName["ghost�[2J/01.csv"]?.error?.unicodeScalars.contains("\u{1B}") == false, "names reach terminals without their escapes")
        #expect(byName["alpha/01.csv"]?.receipt?.status == .accepted)
        #expect(byName["bravo/01.csv"]?.receipt?.status == .accepted, "a team folder that is a link is read")
        #expect(byName["alpha/02-link.csv"]?.receipt == nil)
        #expect(byName["alpha/02-link.csv"]?.error == "is a symbolic link; not submitted (copy the file itself into the team's folder)")
        #expect(byName["/stray.csv"]?.error == "is in no team's folder (DIR/<team>/<file>); not submitted")
        #expect(try HistoryService(f.store).submissions("tiny").count == 2)
    }

    @Test func archiveHoldsEveryFileBeforeItsRow() throws {
        let f = try Fixture()
        let receipt = try f.submit("alpha", quality: 0.8)
        let sha = try f.store.writer.read { db in try String.fetchOne(db, sql: "SELECT sha256 FROM submission WHERE id = ?", arguments: [receipt.id])!
        }
        let archived = try CSVSource.contents(f.store.archive.url(for: sha))
        #expect(Hashing.sha256(archived) == sha)
    }

    @Test func refusedFilesHaveTheirOwnDailyBound() throws {
        let f = try Fixture()
        let broken = try f.write("id,y\nnope,2\n", "broken.csv")
        for i in 0..<SubmissionService.maxRefusedPerDay {
            let receipt = try SubmissionService(f.store).submit(challenge: "tiny", team: .name("alpha"), file: broken)
            #expect(receipt.status == .refused)
            #expect(receipt.refusedLeftToday == SubmissionService.maxRefusedPerDay - i - 1)
        }
        // Past the bound, any file waits for the next day, so that refusals cannot be used as
        // free probes (a valid file then would tell the refused ones apart).
        #expect(throws: StoreError.self) { try SubmissionService(f.store).submit(challenge: "tiny", team: .name("alpha"), file: broken) }
        #expect(throws: StoreError.self) { try f.submit("alpha", quality: 0.8) }
        #expect(try f.submit("bravo", quality: 0.8).status == .accepted)
        f.clock.advance(hours: 24)
        #expect(try f.submit("alpha", quality: 0.8).status == .accepted)
    }

    /// A small gzip file that would inflate far past what the challenge's rows could fill stops
    /// at that bound (20 rows: about 1 MiB), before it is read whole, and is not recorded.
    @Test func aBombStopsAtTheChallengesSize() throws {
        let f = try Fixture()
        let bomb = f.folder.url.appending(path: "bomb.csv.gz")
        try Gzip.compress(Data("id,y\n".utf8) + Data(count: 8 << 20)).write(to: bomb)
        let error = try #require(throws: CSVError.self) { try SubmissionService(f.store).submit(challenge: "tiny", team: .name("alpha"), file: bomb) }
        #expect(error.localizedDescription.contains("more than the limit"))
        #expect(try HistoryService(f.store).submissions("tiny").isEmpty)
    }

    @Test func uploadNamesAreDisplayTextOnly() throws {
        let f = try Fixture()
        let content = Data(f.submission { i in i % 2 == 0 ? 0.9 : 0.1 }.utf8)
        let receipt = try SubmissionService(f.store).submit(
            challenge: "tiny", team: .name("alpha"), content: content, fileName: "../../" + String(repeating: "a", count: 400) + "<b>.csv",
            source: .api)
        let name = try #require(try HistoryService(f.store).submissions("tiny", team: "alpha").first { $0.id == receipt.id }?.fileName)
        #expect(name.count == 100)
        #expect(name.hasSuffix("_b_.csv") == false)
        #expect(name.hasSuffix(".csv"))
        #expect(!name.contains("/"))
    }

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

    /// An upload takes one read (the challenge, its version, the team and its usage, resolved
    /// once) and one write (the row, its scores, the counters, and the receipt built from
    /// what that transaction read); it took about 11 reads and a write, the receipt read back.
    @Test func anUploadIsOneReadAndOneWrite() throws {
        let f = try Fixture(onDisk: true)
        let folder = f.folder.url.appending(path: "store")
        let transactions = Mutex<[String]>([])
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            db.trace { event in
                let sql = "\(event)"
                if sql.hasPrefix("BEGIN") { transactions.withLock { $0.append(sql) } }
            }
        }
        let pool = try DatabasePool(path: folder.appending(path: "podium.sqlite").path, configuration: configuration)
        let clock = f.clock
        let store = try Store(writer: pool, archive: FileArchive(folder: folder.appending(path: "archive")), clock: { clock.date })
        let service = SubmissionService(store)
        let csv = Data(f.submission { i in i % 2 == 0 ? 0.8 : 0.3 }.utf8)
        // The first upload of a process loads the solution (from its image beside the store).
        _ = try service.submit(service.target(challenge: "tiny", team: .name("bravo")), upload: csv, kind: .csv, fileName: "a.csv", source: .api)
        transactions.withLock { $0.removeAll() }

        let target = try service.target(challenge: "tiny", team: .token(try #require(f.tokens["alpha"])))
        let gzip = try Gzip.compress(csv)
        let receipt = try service.submit(target, upload: gzip, kind: FileKind.sniff(gzip), fileName: "a.csv.gz", source: .api)
        let seen = transactions.withLock { $0 }
        #expect(seen.count == 2)
        #expect(seen.first?.hasPrefix("BEGIN DEFERRED") == true)
        #expect(seen.last?.hasPrefix("BEGIN IMMEDIATE") == true)
        #expect(receipt.status == .accepted)
        #expect(receipt.team == "alpha")
        #expect(receipt.leftToday == nil)
        #expect(receipt.bestPublicScore == receipt.publicScore)
        #expect(receipt.refusedLeftToday == SubmissionService.maxRefusedPerDay)
    }
}
