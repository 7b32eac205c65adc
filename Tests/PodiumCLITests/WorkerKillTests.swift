import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `kill -9` of a `podium worker` process while a model runs: what the run started dies with
/// the worker, another worker takes the run when its lease lapses (30 s without a heartbeat),
/// and it completes, recorded once.
@Suite struct WorkerKillTests {
    /// Processes whose command line is exactly `arguments`.
    static func processes(_ arguments: [String]) -> [Int32] {
        let wanted = Data(arguments.joined(separator: "\0").utf8) + Data([0])
        return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }.filter { pid in
            (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) == wanted
        }
    }

    /// The cgroups a worker's runs were given (`podium-NAMESPACE-PID-ID`, in each hierarchy).
    static func cgroups(ofWorker pid: Int32) -> [String] {
        ["/sys/fs/cgroup", "/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids"].flatMap { root in
            ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter {
                $0.hasPrefix("podium-") && $0.split(separator: "-", maxSplits: 3).dropFirst(2).first == "\(pid)"
            }.map { "\(root)/\($0)" }
        }
    }

    /// Whether this host lets Podium make a run's cgroup (as `Cgroup.make` tries: a writable
    /// v2 root with the memory controller, or v1's memory hierarchy).
    static var makesCgroups: Bool {
        let controllers = (try? String(contentsOfFile: "/sys/fs/cgroup/cgroup.controllers", encoding: .utf8)) ?? ""
        return (controllers.contains("memory") && access("/sys/fs/cgroup", W_OK) == 0)
            || (FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/memory.limit_in_bytes") && access("/sys/fs/cgroup/memory", W_OK) == 0)
    }

    @Test func aKilledWorkersRunCompletesOnceAfterIt() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/bwrap"), "bubblewrap is missing: apt-get install bubblewrap")
        try #require(
            FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/sklearn"), "apt-get install python3-sklearn python3-pandas")
        let work = try temporary()
        defer { try? FileManager.default.removeItem(at: work) }
        let data = work.appending(path: "store").path
        #expect(try await Podium.exec("pack", "challenges/digits", "-o", work.path).status == 0)
        #expect(try await Podium.exec("publish", work.appending(path: "digits-v1.podium").path, "--data", data).status == 0)
        let tokens = work.appending(path: "tokens.csv").path
        #expect(
            try await Podium.exec("roster", "import", "submissions/roster.csv", "--challenge", "digits", "--data", data, "--tokens-out", tokens)
                .status == 0)
        // The model starts a process of its own (found by its arguments), then trains slowly:
        // long enough that the test sees the process however busy the machine is (the test's
        // polls share two threads with every other test; with a 4 s run, a CI run under load
        // saw the run finish before the first look).
        let marker = ["sleep", "6000.\(Int.random(in: 100_000...999_999))"]
        let model = work.appending(path: "model.py")
        try Data(
            """
            import subprocess, time
            from sklearn.linear_model import LogisticRegression
            class Model:
                def fit(self, X, y):
                    subprocess.Popen(["\(marker[0])", "\(marker[1])"])
                    time.sleep(25)
                    self.m = LogisticRegression(max_iter=300).fit(X, y)
                def predict(self, X):
                    return self.m.predict(X)

            """.utf8
        ).write(to: model)
        #expect(try await Podium.exec("submit", "digits", "--team", "alpha", model.path, "--data", data).status == 0)

        let first = try Podium.launch(["worker", "--data", data])
        #expect(try await Podium.within(60) { !Self.processes(marker).isEmpty }, "the run never started")
        // The run's cgroup is named after its worker. It is looked for while the run is in
        // flight: once the worker is killed and the run's processes are gone, any worker that
        // starts (other tests start theirs in parallel) may remove it at once.
        let leftBehind = Self.cgroups(ofWorker: first.0.processIdentifier)
        if Self.makesCgroups { #expect(!leftBehind.isEmpty, "the run had no cgroup of its worker's name") }
        kill(first.0.processIdentifier, SIGKILL)
        first.0.waitUntilExit()
        // Whatever the run started goes with its worker (bubblewrap's --die-with-parent, its own PID namespace).
        #expect(try await Podium.within(5) { Self.processes(marker).isEmpty }, "the killed worker's run left a process behind")
        let running = try await Podium.exec("submissions", "digits", "--data", data)
        #expect(running.stdout.contains("#1 alpha model.py: running"))

        let second = try Podium.launch(["worker", "--data", data])
        defer {
            kill(second.0.processIdentifier, SIGKILL)
            second.0.waitUntilExit()
        }
        // The killed worker could not remove its run's cgroup: the next worker removes it when
        // it starts, though it is only seconds old (it waited 120 s before, and a test killing
        // workers left one behind).
        let swept = try await Podium.within(60) { Self.cgroups(ofWorker: first.0.processIdentifier).isEmpty }
        #expect(swept, "the killed worker's cgroup was left: \(leftBehind)")
        // The lease lapses (30 s), then the second attempt runs its 25 s.
        let done = try await Podium.within(180) { try await Podium.exec("submissions", "digits", "--data", data).stdout.contains("→ submission #") }
        #expect(done, "the run was not taken again")
        let listing = try await Podium.exec("submissions", "digits", "--data", data).stdout
        #expect(listing.contains("#1 alpha model.py: accepted, attempt 2"))
        let history = try await Podium.exec("submissions", "digits", "--data", data, "--json")
        let submissions = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(submissions.count == 1)
        #expect(try await Podium.within(5) { Self.processes(marker).isEmpty })
    }

    /// SIGTERM (a restart for a security update): the worker stops its run at once and hands it
    /// back to the queue, not counted, and exits 0; nothing of the run survives.
    @Test func aStoppedWorkerHandsItsRunBack() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/bwrap"), "bubblewrap is missing: apt-get install bubblewrap")
        try #require(
            FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/sklearn"), "apt-get install python3-sklearn python3-pandas")
        let work = try temporary()
        defer { try? FileManager.default.removeItem(at: work) }
        let data = work.appending(path: "store").path
        #expect(try await Podium.exec("pack", "challenges/digits", "-o", work.path).status == 0)
        #expect(try await Podium.exec("publish", work.appending(path: "digits-v1.podium").path, "--data", data).status == 0)
        #expect(try await Podium.exec("roster", "import", "submissions/roster.csv", "--challenge", "digits", "--data", data).status == 0)
        let marker = ["sleep", "6001.\(Int.random(in: 100_000...999_999))"]
        let model = work.appending(path: "model.py")
        try Data(
            """
            import subprocess
            class Model:
                def fit(self, X, y):
                    subprocess.run(["\(marker[0])", "\(marker[1])"])
                def predict(self, X):
                    return ["0"] * len(X)

            """.utf8
        ).write(to: model)
        #expect(try await Podium.exec("submit", "digits", "--team", "alpha", model.path, "--data", data).status == 0)
        let worker = try Podium.launch(["worker", "--data", data])
        #expect(try await Podium.within(60) { !Self.processes(marker).isEmpty }, "the run never started")
        let asked = Date()
        kill(worker.0.processIdentifier, SIGTERM)
        let stopped = await Podium.finished(worker)
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(Date().timeIntervalSince(asked) < 10)
        #expect(stopped.stderr.contains("the runs in flight go back to the queue"))
        #expect(try await Podium.within(5) { Self.processes(marker).isEmpty })
        let listing = try await Podium.exec("submissions", "digits", "--data", data)
        #expect(listing.stdout.contains("#1 alpha model.py: queued, position 1"))
        #expect(!listing.stdout.contains("attempt"))
    }
}
