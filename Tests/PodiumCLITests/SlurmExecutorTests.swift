import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `podium worker --executor slurm` against a real one-node cluster on loopback (munged,
/// slurmctld and slurmd in a network namespace of their own, `scripts/slurm.sh`, which these
/// tests start when it is not running): each run is an sbatch job, in the same sandbox on the
/// node, and Slurm's end states are mapped.
@Suite struct SlurmExecutorTests {
    static let namespace = "/run/netns/podium-slurm"
    static let conf = "/tmp/podium-slurm/etc/slurm.conf"

    /// The cluster, started once (idempotent); a machine without Slurm fails with what to install.
    static let cluster: Result<Void, SlurmMissing> = {
        for tool in ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch", "/usr/bin/bwrap"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return .failure(SlurmMissing(message: "\(tool) is missing: apt-get install slurm-wlm munge bubblewrap"))
        }
        let start = Process()
        start.executableURL = URL(fileURLWithPath: "/bin/bash")
        start.arguments = [Podium.root.appending(path: "scripts/slurm.sh").path, "start"]
        start.standardOutput = FileHandle.nullDevice
        try? start.run()
        start.waitUntilExit()
        guard start.terminationStatus == 0 else {
            return .failure(SlurmMissing(message: "the loopback cluster did not start: bash scripts/slurm.sh start (see /tmp/podium-slurm/log/)"))
        }
        return .success(())
    }()

    struct SlurmMissing: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A command inside the cluster's network namespace.
    static func inside(_ arguments: [String]) -> [String] {
        ["--net=\(namespace)", "env", "SLURM_CONF=\(conf)"] + arguments
    }

    static func slurm(_ arguments: String...) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        process.arguments = inside(arguments)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        return await Podium.finished((process, out, process.standardError as! Pipe)).stdout
    }

    /// A store with a copy of digits published as `slug` (its `code:` changed by `code`), a model
    /// queued for alpha; the store's folder.
    static func queued(_ slug: String, model: String, code: [String: String] = [:]) async throws -> URL {
        try #require(throws: Never.self) { try cluster.get() }
        let work = try temporary()
        let source = work.appending(path: slug)
        try FileManager.default.copyItem(at: Podium.root.appending(path: "challenges/digits"), to: source)
        let manifest = source.appending(path: "challenge.yaml")
        var yaml = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "slug: digits", with: "slug: \(slug)")
        for (key, value) in code {
            yaml = yaml.split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.hasPrefix("  \(key):") ? "  \(key): \(value)" : String($0)
            }.joined(separator: "\n")
        }
        try yaml.write(to: manifest, atomically: true, encoding: .utf8)
        let data = work.appending(path: "store").path
        #expect(try await Podium.exec("pack", source.path, "-o", work.path).status == 0)
        #expect(try await Podium.exec("publish", work.appending(path: "\(slug)-v1.podium").path, "--data", data).status == 0)
        #expect(
            try await Podium.exec(
                "roster", "import", "submissions/roster.csv", "--challenge", slug, "--data", data, "--tokens-out", work.appending(path: "t.csv").path
            ).status == 0)
        let file = work.appending(path: "model.py")
        try Data(model.utf8).write(to: file)
        #expect(try await Podium.exec("submit", slug, "--team", "alpha", file.path, "--data", data).status == 0)
        return work
    }

    /// `podium worker --executor slurm` in the cluster's namespace.
    static func worker(_ work: URL, once: Bool = false) throws -> (Process, Pipe, Pipe) {
        let arguments = [
            Podium.binary.path, "worker", "--executor", "slurm", "--spool", work.appending(path: "spool").path, "--data",
            work.appending(path: "store").path,
        ]
        return try Podium.launch(inside(arguments + (once ? ["--once"] : [])), executable: URL(fileURLWithPath: "/usr/bin/nsenter"))
    }

    static func listing(_ work: URL, _ slug: String) async throws -> String {
        try await Podium.exec("submissions", slug, "--data", work.appending(path: "store").path).stdout
    }

    static let sample = try! String(contentsOf: Podium.root.appending(path: "challenges/digits/starting-kit/model.py"), encoding: .utf8)

    /// The model's training, slowed by `seconds` first.
    static func slow(_ seconds: Int) -> String {
        "import time\n"
            + sample.replacingOccurrences(of: "    def fit(self, X, y):\n", with: "    def fit(self, X, y):\n        time.sleep(\(seconds))\n")
    }

    @Test func theDoctorChecksTheClusterWithAProbeJob() async throws {
        try #require(throws: Never.self) { try Self.cluster.get() }
        let work = try temporary()
        // Awaited, not waited for: the probe job takes seconds, and a blocked thread is one of
        // the two of Swift's pool on a two-core machine.
        let doctor = await Podium.finished(
            try Podium.launch(
                Self.inside([Podium.binary.path, "doctor", "--executor", "slurm", "--spool", work.appending(path: "spool").path]),
                executable: URL(fileURLWithPath: "/usr/bin/nsenter")))
        let said = doctor.stdout
        #expect(doctor.status == 0, "\(said)")
        #expect(said.contains("✓ probe job: job "))
        #expect(said.contains("✓ on localhost: memory: the Slurm job's cgroup"))
        // Outside the cluster's namespace, Slurm does not answer: exit 1, said so.
        let outside = await Podium.finished(
            try Podium.launch(
                ["doctor", "--executor", "slurm", "--spool", work.appending(path: "spool").path], environment: ["SLURM_CONF": Self.conf]))
        #expect(outside.status == 1)
        #expect(outside.stdout.contains("✗ slurm:"))
    }

    /// A slug of its own for each run of the tests: the cluster keeps ended jobs (MinJobAge), and
    /// jobs are named by slug and run.
    static func unique(_ base: String) -> String { "\(base)-\(String(Int.random(in: 0..<(36 * 36 * 36 * 36)), radix: 36))" }

    @Test func aModelScoresOnSlurmAsOnThisMachine() async throws {
        let slug = Self.unique("slurm-same")
        let work = try await Self.queued(slug, model: Self.sample)
        let finished = await Podium.finished(try Self.worker(work, once: true))
        #expect(finished.status == 0, "\(finished.stderr)")
        let listing = try await Self.listing(work, slug)
        #expect(listing.contains("#1 alpha model.py: accepted"))
        #expect(listing.contains("[Slurm job "))
        #expect(listing.contains(" on localhost]"))
        let history = try await Podium.exec("submissions", slug, "--data", work.appending(path: "store").path, "--json")
        let scored = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        let local = try await Podium.exec("run", "challenges/digits", "challenges/digits/starting-kit/model.py", "--json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(local.stdout.utf8)) as? [String: Any])
        let scores = try #require(report["scores"] as? [String: Any])
        let localPublic = ((scores["scores"] as? [String: Any])?["public"] as? [String: Double])?["accuracy"]
        #expect(scored.first?["publicScore"] as? Double == localPublic)
    }

    @Test func aSleeperStopsAtTheTimeLimit() async throws {
        let slug = Self.unique("slurm-sleeper")
        let work = try await Self.queued(slug, model: Self.slow(300), code: ["time_limit": "4"])
        let started = Date()
        _ = await Podium.finished(try Self.worker(work, once: true))
        #expect(Date().timeIntervalSince(started) < 60)
        let listing = try await Self.listing(work, slug)
        #expect(listing.contains("(time_limit): stopped after 4 s"))
    }

    @Test func anAllocationPastTheMemoryIsTheMemoryLimit() async throws {
        let hog = Self.sample.replacingOccurrences(
            of: "    def fit(self, X, y):\n", with: "    def fit(self, X, y):\n        self.hog = bytearray(3 * 1024 ** 3)\n")
        let slug = Self.unique("slurm-memory")
        let work = try await Self.queued(slug, model: hog, code: ["memory": "300MiB"])
        _ = await Podium.finished(try Self.worker(work, once: true))
        #expect(try await Self.listing(work, slug).contains("(memory_limit)"))
    }

    @Test func aRaisingModelCrashedWithItsTraceback() async throws {
        let typo = try String(contentsOf: Podium.root.appending(path: "submissions/digits/delta/01-typo.py"), encoding: .utf8)
        let slug = Self.unique("slurm-raise")
        let work = try await Self.queued(slug, model: typo)
        _ = await Podium.finished(try Self.worker(work, once: true))
        let listing = try await Self.listing(work, slug)
        #expect(listing.contains("(crashed): model.py raised AttributeError"))
        #expect(listing.contains("self.modle.fit(X, y)"))
    }

    /// Jobs named as the run's that Slurm knows, in any state.
    static func jobs(_ name: String) async throws -> [String] {
        try await slurm("squeue", "-h", "-t", "all", "-n", name, "-o", "%i %T").split(separator: "\n").map(String.init)
    }

    @Test func aJobCancelledBehindPodiumsBackIsRequeuedAndCountedOnce() async throws {
        let slug = Self.unique("slurm-cancel")
        let work = try await Self.queued(slug, model: Self.slow(6))
        let worker = try Self.worker(work)
        defer {
            kill(worker.0.processIdentifier, SIGKILL)
            worker.0.waitUntilExit()
        }
        // The waits are long because a loaded two-core machine is slow to start a worker and
        // its job (seen past 30 s in CI, while the other tests ran); each ends as soon as it holds.
        #expect(try await Podium.within(180) { try await Self.jobs("podium-\(slug)-1").contains { $0.hasSuffix("RUNNING") } })
        let first = try #require(try await Self.jobs("podium-\(slug)-1").first?.split(separator: " ").first.map(String.init))
        _ = try await Self.slurm("scancel", first)
        #expect(try await Podium.within(240) { try await Self.listing(work, slug).contains("→ submission #") })
        let listing = try await Self.listing(work, slug)
        #expect(listing.contains("#1 alpha model.py: accepted, attempt 2"))
        let history = try await Podium.exec("submissions", slug, "--data", work.appending(path: "store").path, "--json")
        #expect((try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [Any])?.count == 1)
    }

    @Test func aKilledWorkerFindsItsJobAgainWithoutDuplicates() async throws {
        let slug = Self.unique("slurm-kill")
        let work = try await Self.queued(slug, model: Self.slow(8))
        let first = try Self.worker(work)
        #expect(try await Podium.within(180) { try await Self.jobs("podium-\(slug)-1").contains { $0.hasSuffix("RUNNING") } })
        kill(first.0.processIdentifier, SIGKILL)
        first.0.waitUntilExit()
        let second = try Self.worker(work)
        defer {
            kill(second.0.processIdentifier, SIGKILL)
            second.0.waitUntilExit()
        }
        #expect(try await Podium.within(240) { try await Self.listing(work, slug).contains("→ submission #") })
        // One job, found again by the second worker, not submitted twice.
        #expect(try await Self.jobs("podium-\(slug)-1").count == 1)
        let history = try await Podium.exec("submissions", slug, "--data", work.appending(path: "store").path, "--json")
        #expect((try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [Any])?.count == 1)
    }
}
