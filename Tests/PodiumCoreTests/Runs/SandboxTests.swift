import Foundation
import Testing

@testable import PodiumCore

#if canImport(Glibc)
    import Glibc
#endif

/// The real sandbox (bubblewrap) running real models on the breast-cancer example with Debian's
/// Python (python3-sklearn, python3-pandas). A machine without them fails these tests with what to
/// install: they never pass silently.
@Suite(.serialized) struct SandboxTests {
    static let python = URL(fileURLWithPath: "/usr/bin/python3")

    /// Fails with what to install when the machine lacks bubblewrap or a Python with scikit-learn.
    func requirements() throws {
        try #require(Sandbox.bwrap != nil, "bubblewrap is missing: apt-get install bubblewrap")
        let check = Process()
        check.executableURL = Self.python
        check.arguments = ["-c", "import sklearn, pandas"]
        check.standardError = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        try #require(check.terminationStatus == 0, "no Python with scikit-learn: apt-get install python3-sklearn python3-pandas")
    }

    /// Runs `source` as model.py on breast-cancer with these limits.
    func run(_ source: String, seconds: Int = 60, memory: Int = 1 << 30) async throws -> RunReport {
        try requirements()
        let folder = try TemporaryDirectory(prefix: "podium-model")
        let model = folder.url.appending(path: "model.py")
        try Data(source.utf8).write(to: model)
        var settings = CodeSettings()
        settings.timeLimit = seconds
        settings.memory = memory
        let chosen = settings
        return try await offThePool {
            withExtendedLifetime(folder) {}
            return try CodeRunner.run(challenge: try exampleChallenge("breast-cancer"), code: model, python: Self.python, settings: chosen)
        }
    }

    static let logistic = """
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        class Model:
            def __init__(self):
                self.model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
            def fit(self, X, y):
                self.model.fit(X, y)
                self.classes_ = self.model.classes_
            def predict_proba(self, X):
                return self.model.predict_proba(X)

        """

    /// A model whose `fit` runs `body` first, then predicts the class prior.
    static func model(fit body: String, imports: String = "") -> String {
        """
        import numpy as np
        \(imports)
        class Model:
            def fit(self, X, y):
        \(body.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"))
                self.classes_ = np.unique(y)
                self.prior = np.array([np.mean(y == c) for c in self.classes_])
            def predict_proba(self, X):
                return np.tile(self.prior, (len(X), 1))

        """
    }

    @Test func aModelTrainsAndScores() async throws {
        let report = try await run(Self.logistic)
        #expect(report.status == .accepted)
        #expect(report.rows == 228)
        #expect((report.scores?.score(.public) ?? 0) > 0.95)
        #expect(report.log.contains("[podium] wrote 228 predictions"))
    }

    @Test func aModelThatRaisesCrashedWithItsTraceback() async throws {
        let report = try await run(Self.model(fit: "raise ValueError('the features are not what I expected')"))
        #expect(report.status == .failed)
        #expect(report.failure?.kind == .crashed)
        #expect(report.failure?.exitCode == 1)
        #expect(report.failure?.message.contains("ValueError: the features are not what I expected") == true)
        #expect(report.log.contains("Traceback (most recent call last)"))
    }

    @Test func aModelPastItsTimeIsStoppedAtTheLimit() async throws {
        let report = try await run(Self.model(fit: "time.sleep(120)", imports: "import time"), seconds: 3)
        #expect(report.failure?.kind == .timeLimit)
        #expect(report.failure?.message == "stopped after 3 s: the time limit (code.time_limit)")
        #expect(report.elapsedSeconds < 6)
    }

    @Test func aModelPastItsMemoryIsNamedSo() async throws {
        let report = try await run(Self.model(fit: "hog = [bytearray(64 << 20) for _ in range(64)]"), memory: 256 << 20)
        #expect(report.status == .failed)
        #expect(report.failure?.kind == .memoryLimit)
    }

    @Test func aModelReachesNoNetwork() async throws {
        // A listener of the test's own on loopback: the model tries it and the internet.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                try #require(bind(listener, $0, size) == 0)
                try #require(getsockname(listener, $0, &size) == 0)
            }
        }
        try #require(listen(listener, 8) == 0)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let probe = """
            import socket
            for host, port in [("127.0.0.1", \(port)), ("1.1.1.1", 443)]:
                try:
                    socket.create_connection((host, port), timeout=2).close()
                    print("CONNECTED", host)
                except OSError as e:
                    print("no connection to", host, e)
            """
        let report = try await run(Self.model(fit: probe, imports: "import socket"))
        #expect(report.status == .accepted)
        #expect(!report.log.contains("CONNECTED"))
        #expect(report.log.contains("no connection to 127.0.0.1"))
        _ = fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK)
        #expect(accept(listener, nil, nil) == -1)
    }

    @Test func aModelFindsNoAnswersNorStore() async throws {
        let walk = """
            import os
            found = []
            for root, dirs, files in os.walk("/", onerror=lambda e: None):
                if root.startswith(("/proc", "/sys", "/usr", "/dev")):
                    dirs[:] = []
                    continue
                for name in files + dirs:
                    if name in ("solution.csv", "podium.sqlite", "archive", "session.key") or name.endswith(".podium"):
                        found.append(os.path.join(root, name))
            print("FOUND", found if found else "nothing")
            """
        let report = try await run(Self.model(fit: walk))
        #expect(report.status == .accepted)
        #expect(report.log.contains("FOUND nothing"))
        #expect((report.scores?.score(.private) ?? 1) < 0.9)
    }

    @Test func aForkBombAndADaemonDieWithTheRun() async throws {
        // Each process sleeps as `sleep 6000.5`, so that a survivor is found by its arguments.
        let forks = """
            import os
            # A daemon: forks twice, the grandchild outlives its parent in a session of its own.
            if os.fork() == 0:
                if os.fork() == 0:
                    os.setsid()
                    os.execv("/usr/bin/sleep", ["sleep", "6000.5"])
                os._exit(0)
            # A fork bomb, stopped by the process cap.
            children = 0
            try:
                for _ in range(2000):
                    if os.fork() == 0:
                        os.execv("/usr/bin/sleep", ["sleep", "6000.5"])
                    children += 1
            except OSError as e:
                print("forks refused after", children, e)
            """
        let report = try await run(Self.model(fit: forks, imports: "import os"), seconds: 20)
        #expect(report.status == .accepted)
        #expect(report.log.contains("forks refused after"))
        // Nothing of the run is left on the host.
        let left = Process()
        left.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        left.arguments = ["-f", "sleep 6000.5"]
        let out = Pipe()
        left.standardOutput = out
        try left.run()
        left.waitUntilExit()
        let pids = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(pids.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "left running: \(pids)")
    }

    @Test func aHundredMegabytesOfOutputAreCappedInTheLog() async throws {
        let report = try await run(Self.model(fit: "import sys\nfor _ in range(100):\n    sys.stdout.write('x' * (1 << 20))"))
        #expect(report.status == .accepted)
        #expect(report.log.utf8.count < 600 << 10)
        #expect(report.log.contains("bytes of the log left out"))
        #expect(report.log.contains("[podium] wrote 228 predictions"))
    }

    @Test func wrongPredictionsAreRefusedWithTheirProblems() async throws {
        let source = Self.logistic.replacingOccurrences(of: "return self.model.predict_proba(X)", with: "return self.model.predict_proba(X) * 3")
        let report = try await run(source)
        #expect(report.status == .refused)
        #expect(report.problems?.total ?? 0 > 0)
        #expect(report.problems?.groups.first?.examples.first?.message.contains("not a probability") == true)
    }

    /// The host reads what a run left in /app/output as a regular file only: a link there
    /// (to /etc/passwd, whose first line a refusal showed the team) and a FIFO (which hung
    /// the worker) are refused, unread.
    @Test func predictionsThatAreALinkOrAFIFOAreNotRead() async throws {
        for (make, why) in [("os.symlink('/etc/passwd', p)", "is a symbolic link"), ("os.mkfifo(p)", "is not a regular file")] {
            let source =
                "import os\nclass Model:\n    def fit(self, X, y):\n        pass\n    def predict_proba(self, X):\n"
                + "        p = '/app/output/predictions.csv'\n        \(make)\n        raise SystemExit(0)\n"
            let report = try await run(source, seconds: 30)
            #expect(report.failure?.kind == .noPredictions, "\(why)")
            #expect(report.failure?.message == "its predictions file (/app/output/predictions.csv) \(why): not read")
            #expect(report.problems == nil)
        }
    }

    /// /app/output is on the host's disk: a run that fills it is stopped at the cap of what it
    /// may write there (or of its files), where only each file's size was capped.
    @Test func aRunFillingItsOutputIsStoppedAtTheCap() throws {
        try requirements()
        let folder = try TemporaryDirectory(prefix: "podium-fill")
        var limits = SandboxLimits(seconds: 60, memory: 1 << 30)
        limits.outputBytes = 8 << 20
        limits.outputFiles = 100
        for script in [
            "i=0; while :; do head -c 1048576 /dev/zero > /out/f$i; i=$((i+1)); done",
            "i=0; while :; do : > /out/e$i; i=$((i+1)); done",
            // What the host cannot name counts as past the cap: a tree deeper than PATH_MAX
            // would hide what it holds. (A folder made unreadable is too, but root, as CI
            // runs, reads it anyway.)
            "cd /out; n=$(printf '%0200d' 0); while :; do mkdir $n && cd $n; done",
        ] {
            let result = try Sandbox.run(
                ["/bin/sh", "-c", script], mounts: [SandboxMount(folder.url, at: "/out", writable: true)], workdir: "/", limits: limits)
            #expect(result.end == .outputLimit, "\(script)")
            #expect(result.seconds < 30)
            // Made readable again, then emptied (rm copes with a tree deeper than PATH_MAX).
            let clean = Process()
            clean.executableURL = URL(fileURLWithPath: "/bin/sh")
            clean.arguments = ["-c", "chmod -R u+rwx \"$1\" 2>/dev/null; rm -rf \"$1\"/* ", "clean", folder.url.path]
            try clean.run()
            clean.waitUntilExit()
        }
        let (report, _) = CodeRunner.report(
            SandboxResult(end: .outputLimit, seconds: 1, log: "", logBytes: 0), settings: CodeSettings(),
            predictions: folder.url.appending(path: "predictions.csv"))
        #expect(report.failure?.kind == .crashed)
        #expect(report.failure?.message.contains("to /app/output, the cap of what a run may write there") == true)
    }

    /// What a model prints reaches the instructor's terminal (`podium run`, `submit --wait`):
    /// its escape sequences (clear the screen, set the clipboard) are neutralised in the log
    /// and in the failure message made from it.
    @Test func aModelsEscapeSequencesReachNoTerminal() async throws {
        let source = Self.model(fit: "import sys\nsys.stdout.write('a\\x1b[2Jb\\x1b]52;c;SGk=\\x07c\\n')\nraise RuntimeError('boom\\x1b[31m')")
        let report = try await run(source, seconds: 30)
        #expect(report.failure?.kind == .crashed)
        #expect(report.log.contains("a�[2Jb�]52;c;SGk=�c"), "\(report.log)")
        #expect(!report.log.unicodeScalars.contains("\u{1B}"))
        #expect(report.failure?.message.unicodeScalars.contains("\u{1B}") == false, "\(report.failure?.message ?? "")")
        #expect(report.failure?.message.contains("RuntimeError") == true)
    }

    @Test func aModelWithoutItsClassIsNamed() async throws {
        let report = try await run("x = 1\n")
        #expect(report.failure?.kind == .crashed)
        #expect(report.log.contains("defines no class Model"))
    }
}
