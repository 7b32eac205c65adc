import Foundation
import PodiumCore
import Synchronization

@testable import PodiumStore

final class TestClock: Sendable {
    private let now: Mutex<Date>
    init(_ text: String) { now = Mutex(ISO8601.parse(text)!) }
    func advance(hours: Double) { now.withLock { $0 = $0.addingTimeInterval(hours * 3600) } }
    func set(_ text: String) { now.withLock { $0 = ISO8601.parse(text)! } }
    var date: Date { now.withLock { $0 } }
}

/// A small binary challenge written, checked and packed into a temporary folder.
struct Fixture {
    let folder: TemporaryDirectory
    let clock: TestClock
    let store: Store
    /// Each team's token, as the roster import printed it.
    private(set) var tokens: [String: String] = [:]

    /// 20 test ids r00..r19, label 1 for even ids; the first 10 Public.
    static let ids = (0..<20).map { String(format: "r%02d", $0) }

    init(phases: String = "", baseline: Bool = false, onDisk: Bool = false, clock: String = "2027-01-15T10:00:00+01:00") throws {
        folder = try TemporaryDirectory(prefix: "podium-store-test")
        self.clock = TestClock(clock)
        let c = self.clock
        store =
            onDisk
            ? try Store.open(folder: folder.url.appending(path: "store"), clock: { c.date })
            : try Store.inMemory(archiveFolder: folder.url.appending(path: "archive"), clock: { c.date })
        try publish(version: 1, phases: phases, baseline: baseline)
        let roster =
            "student_id,name,email,team\n1,Ann,ann@x.org,alpha\n2,Bob,bob@x.org,alpha\n3,Cid,cid@x.org,bravo\n4,Dee,dee@x.org,bravo\n5,Eve,eve@x.org,solo\n"
        let imported = try RosterService(store).importRoster(write(roster, "roster.csv"), challenge: "tiny")
        tokens = Dictionary(uniqueKeysWithValues: imported.newTeams.map { ($0.team, $0.token) })
    }

    @discardableResult
    func write(_ text: String, _ name: String) throws -> URL {
        let url = folder.url.appending(path: name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Publishes version `version`; `flip` inverts the labels (a corrected solution).
    @discardableResult
    func publish(
        version: Int, phases: String = "", baseline: Bool = false, flip: Bool = false,
        using publish: ((Store, URL) throws -> PublishReport)? = nil
    ) throws -> PublishReport {
        let dir = "challenge-v\(version)"
        var manifest = """
            slug: tiny
            title: Tiny
            version: \(version)
            task: binary
            id: id
            target: y
            classes: ["0", "1"]
            positive: "1"
            metric: roc_auc
            metrics: [accuracy]
            timezone: Europe/Paris

            """
        if baseline { manifest += "baseline: reference/baseline.csv\n" }
        manifest += phases
        try write(manifest, "\(dir)/challenge.yaml")
        try write("# Tiny\n", "\(dir)/README.md")
        try write("id,x\n" + Self.ids.map { "\($0),1\n" }.joined(), "\(dir)/data/test.csv")
        let solution = Self.ids.enumerated().map { i, id in "\(id),\((i % 2 == 0) != flip ? 1 : 0),\(i < 10 ? "Public" : "Private")\n" }
        try write("id,y,Usage\n" + solution.joined(), "\(dir)/reference/solution.csv")
        if baseline { try write(submission { i in i % 4 == 0 ? 0.9 : 0.5 }, "\(dir)/reference/baseline.csv") }
        let packed = try PodiumBundle.pack(Challenge.open(folder.url.appending(path: dir)), to: folder.url.appending(path: "bundles-\(version)"))
        return try publish.map { try $0(store, packed.bundle) } ?? PublishingService(store).publish(bundle: packed.bundle)
    }

    func submission(_ p: (Int) -> Double) -> String {
        "id,y\n" + Self.ids.enumerated().map { i, id in "\(id),\(p(i))\n" }.joined()
    }

    /// A submission file whose quality is set by `noise` (0: perfect ranking).
    func file(_ name: String, quality: Double) throws -> URL {
        try write(submission { i in (i % 2 == 0 ? quality : 1 - quality) }, "subs/\(name)")
    }

    func submit(_ team: String, quality: Double, name: String? = nil) throws -> SubmitReceipt {
        try SubmissionService(store).submit(
            challenge: "tiny", team: .name(team), file: file(name ?? "\(team)-\(UUID().uuidString).csv", quality: quality))
    }
}

let limited = """
    phases:
      - name: main
        opens: 2027-01-10T09:00:00+01:00
        closes: 2027-02-10T18:00:00+01:00
        max_per_day: 2
        max_total: 3
        final_selection: 1

    """

/// Runs `work` the first time it is called, nothing after.
final class Once: Sendable {
    private let done = Mutex(false)
    private let work: @Sendable () throws -> Void
    init(_ work: @escaping @Sendable () throws -> Void) { self.work = work }
    func callAsFunction() throws {
        guard
            done.withLock({ was in
                defer { was = true }
                return !was
            })
        else { return }
        try work()
    }
}

struct Interrupted: Error {}
