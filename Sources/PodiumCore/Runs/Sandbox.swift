import CPodiumSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a sandboxed run may use.
public struct SandboxLimits: Sendable, Equatable {
    /// Wall-clock seconds; the whole run (its PID namespace) is killed then.
    public var seconds: Double
    /// Bytes of memory (a cgroup's cap where the host allows one, else an address-space limit).
    public var memory: Int
    /// CPUs: BLAS and OpenMP threads are pinned to this many.
    public var cpus: Int
    /// Processes and threads of the run.
    public var processes = 256
    /// The largest file the run may write (its output, its /tmp files).
    public var fileBytes = 1 << 30
    /// What the run may write in all to its writable folders (`/app/output`, on the host's
    /// disk: `/tmp` is a tmpfs of `fileBytes`), and the files it may make there. Checked every
    /// `outputCheckSeconds`: past either, the run is stopped (`SandboxEnd.outputLimit`).
    public var outputBytes = defaultOutputBytes
    public var outputFiles = defaultOutputFiles
    /// Every code run's caps of its output (what `CodeRunner` runs with, and says).
    public static let defaultOutputBytes = 1 << 30
    public static let defaultOutputFiles = 10_000
    public var outputCheckSeconds = 0.25
    /// The log keeps its first and last this many bytes.
    public var logEdgeBytes = 256 << 10

    public init(seconds: Double, memory: Int, cpus: Int = 1) {
        self.seconds = seconds
        self.memory = memory
        self.cpus = cpus
    }
}

/// A folder of the host seen inside the sandbox.
public struct SandboxMount: Sendable, Equatable {
    public var source: URL
    public var target: String
    public var writable: Bool

    public init(_ source: URL, at target: String, writable: Bool = false) {
        self.source = source
        self.target = target
        self.writable = writable
    }
}

/// Stops a run from outside: its worker is stopping (SIGTERM). `cancel` kills the sandbox, and
/// every process of its cgroup; a run cancelled before it starts is killed as it starts.
public final class RunCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var stop: (() -> Void)?

    public init() {}

    public var isCancelled: Bool { lock.withLock { cancelled } }

    public func cancel() {
        let stop = lock.withLock {
            cancelled = true
            return self.stop
        }
        stop?()
    }

    /// What `cancel` does while the run lives (nil when it ended); done at once when already cancelled.
    func onCancel(_ stop: (() -> Void)?) {
        let now = lock.withLock {
            self.stop = stop
            return cancelled
        }
        if now { stop?() }
    }
}

/// How a run ended, as the sandbox saw it.
public enum SandboxEnd: Sendable, Equatable {
    /// Stopped by its worker (`RunCancellation`): not the code's doing.
    case cancelled
    case exited(Int32)
    /// Killed by a signal it did not get from Podium's clock (SIGSEGV, an OOM kill...).
    case signaled(Int32)
    case timeLimit
    case memoryLimit
    /// Wrote more than `SandboxLimits.outputBytes` (or `outputFiles` files) to its writable
    /// folders: a run filling the host's disk would stop the store for everyone.
    case outputLimit
}

public struct SandboxResult: Sendable {
    public var end: SandboxEnd
    public var seconds: Double
    /// stdout and stderr as they came, their first and last `logEdgeBytes`.
    public var log: String
    /// Bytes the run wrote to stdout and stderr in all.
    public var logBytes: Int
}

/// Runs a command in bubblewrap (Debian's `bubblewrap`, what Flatpak uses): no network, its own
/// PID, IPC and UTS namespaces, no capabilities, the nobody uid, a cleared environment; the system
/// (`/usr`) and the given folders read-only unless said writable, `/tmp` a private tmpfs; nothing
/// else of the host (no store, archive, solution or home). Memory and processes through a
/// cgroup where the host lets Podium make one; the wall clock kills the run, and every process
/// of its cgroup, at the limit.
///
/// Foundation's `Process` starts it (swift-subprocess is not needed for one child whose pid the
/// clock must kill); a shell wrapper joins the cgroup and sets the rlimits before it becomes
/// bwrap, so that nothing of the run ever runs outside them.
public enum Sandbox {
    public struct Unavailable: Error, LocalizedError, Equatable {
        public var message: String
        public var errorDescription: String? { message }
    }

    /// Removes the cgroups of runs whose worker was killed before it could (SIGKILL, a crash):
    /// Podium's folders with no process left whose worker is gone. Each is named after its
    /// worker (`Cgroup.name`): one whose worker no longer runs goes at once, whatever its age;
    /// one of a worker this process cannot see (another PID namespace, or a name of an earlier
    /// release) only when made more than `age` seconds ago, since a fresh one may not have been
    /// joined yet. A worker calls it when it starts.
    public static func sweepStaleCgroups(age: TimeInterval = 120) {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: "/sys/fs/cgroup")
        for hierarchy in [root, root.appending(path: "memory"), root.appending(path: "pids")] {
            guard let names = try? fm.contentsOfDirectory(atPath: hierarchy.path) else { continue }
            for name in names where name.hasPrefix("podium-") {
                let folder = hierarchy.appending(path: name)
                func isOld() -> Bool {
                    guard let made = (try? fm.attributesOfItem(atPath: folder.path))?[.modificationDate] as? Date else { return false }
                    return Date().timeIntervalSince(made) > age
                }
                let ownerGone = Cgroup.owner(of: name).map { !Cgroup.isRunning($0) } ?? false
                guard ownerGone || isOld(),
                    let procs = try? String(contentsOf: folder.appending(path: "cgroup.procs"), encoding: .utf8),
                    procs.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                else { continue }
                rmdir(folder.path)
            }
        }
    }

    /// bubblewrap's path, or nil.
    public static var bwrap: URL? {
        ["/usr/bin/bwrap", "/usr/local/bin/bwrap", "/bin/bwrap"].map { URL(fileURLWithPath: $0) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    public static func run(
        _ command: [String], mounts: [SandboxMount], workdir: String, limits: SandboxLimits, environment: [String: String] = [:],
        cancellation: RunCancellation? = nil
    ) throws -> SandboxResult {
        guard let bwrap else {
            throw Unavailable(message: "bubblewrap is not installed: apt-get install bubblewrap (it runs participants' code)")
        }
        // Under Slurm, the job's own cgroup (task/cgroup, from --mem) caps the memory and
        // Slurm tracks the processes there: the run stays in it.
        let underSlurm = ProcessInfo.processInfo.environment["SLURM_JOB_ID"] != nil
        let cgroup = underSlurm ? nil : Cgroup.make(limits: limits)
        defer { cgroup?.remove() }
        var arguments = [
            "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--uid", "65534", "--gid", "65534",
            "--clearenv", "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin", "--proc", "/proc", "--dev", "/dev",
            "--size", String(limits.fileBytes), "--tmpfs", "/tmp",
        ]
        // The dynamic linker's cache and Debian's alternatives (libblas.so.3 is a link through them).
        for path in ["/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime"]
        where FileManager.default.fileExists(atPath: path) {
            arguments += ["--ro-bind", path, path]
        }
        for mount in mounts {
            arguments += [mount.writable ? "--bind" : "--ro-bind", mount.source.path, mount.target]
        }
        let threads = String(limits.cpus)
        var variables = [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads, "MKL_NUM_THREADS": threads,
            "NUMEXPR_NUM_THREADS": threads, "VECLIB_MAXIMUM_THREADS": threads,
        ]
        variables.merge(environment) { $1 }
        for (key, value) in variables.sorted(by: { $0.key < $1.key }) { arguments += ["--setenv", key, value] }
        arguments += ["--chdir", workdir, "--"] + command

        // The wrapper: join the cgroup, set the rlimits, become bwrap.
        var script = ""
        for procs in cgroup?.procsFiles ?? [] { script += "echo $$ > '\(procs)' || exit 125\n" }
        script += "ulimit -f \(limits.fileBytes / 1024)\n"
        if cgroup?.limitsMemory != true && !underSlurm { script += "ulimit -v \(limits.memory / 1024)\n" }
        if cgroup?.limitsProcesses != true { script += "ulimit -u \(limits.processes)\n" }
        script += "exec \"$@\"\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "podium-sandbox", bwrap.path] + arguments
        process.environment = ["PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let log = CappedLog(edge: limits.logEdgeBytes)
        let start = Date()
        try process.run()
        let reader = Thread {
            let handle = pipe.fileHandleForReading
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                log.append(data)
            }
            log.finish()
        }
        reader.start()

        // The clock: at the limit, the run and every process of its cgroup are killed.
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let pid = process.processIdentifier
        cancellation?.onCancel {
            kill(pid, SIGKILL)
            cgroup?.killAll()
        }
        defer { cancellation?.onCancel(nil) }
        var timedOut = false
        var outputExceeded = false
        let deadline = DispatchTime.now() + limits.seconds
        let writable = mounts.filter(\.writable).map(\.source)
        while done.wait(timeout: min(deadline, .now() + limits.outputCheckSeconds)) == .timedOut {
            if DispatchTime.now() >= deadline {
                timedOut = true
            } else if !Self.within(writable, bytes: limits.outputBytes, files: limits.outputFiles) {
                outputExceeded = true
            } else {
                continue
            }
            kill(process.processIdentifier, SIGKILL)
            cgroup?.killAll()
            done.wait()
            break
        }
        // Whatever outlived the namespace's first process (none should: it is pid 1 there).
        cgroup?.killAll()
        try? pipe.fileHandleForWriting.close()
        log.wait(seconds: 5)
        let seconds = Date().timeIntervalSince(start)
        let end: SandboxEnd
        if cancellation?.isCancelled == true {
            end = .cancelled
        } else if timedOut {
            end = .timeLimit
        } else if outputExceeded || !Self.within(writable, bytes: limits.outputBytes, files: limits.outputFiles) {
            end = .outputLimit
        } else if cgroup?.wasOutOfMemory() == true {
            end = .memoryLimit
        } else if process.terminationReason == .uncaughtSignal {
            end = .signaled(process.terminationStatus)
        } else {
            end = .exited(process.terminationStatus)
        }
        return SandboxResult(end: end, seconds: seconds, log: log.text, logBytes: log.total)
    }

    /// Whether the entries under `folders` hold at most `bytes` and number at most `files`
    /// (apparent sizes, which a sparse file cannot understate). Links are counted, never
    /// followed (the run makes them: one could name the host's root); stops past either bound.
    /// What the walk cannot see counts as past them: a folder the run made unreadable, or a
    /// path too long to name (a tree deeper than PATH_MAX), would hide what it holds. An
    /// entry gone meanwhile (the run deleted it) is skipped.
    static func within(_ folders: [URL], bytes: Int, files: Int) -> Bool {
        var total = 0
        var count = 0
        var pending = folders.map(\.path)
        while let folder = pending.popLast() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                var isFolder: Int32 = 0
                if podium_lstat(folder, &isFolder) < 0 && errno == ENOENT { continue }
                return false
            }
            for name in names {
                let path = folder + "/" + name
                var isFolder: Int32 = 0
                let size = podium_lstat(path, &isFolder)
                guard size >= 0 else {
                    if errno == ENOENT { continue }
                    return false
                }
                count += 1
                total += Int(size)
                if count > files || total > bytes { return false }
                if isFolder != 0 { pending.append(path) }
            }
        }
        return true
    }
}

/// stdout and stderr as they come, keeping the first and the last `edge` bytes.
final class CappedLog: @unchecked Sendable {
    private let lock = NSLock()
    private let edge: Int
    private var head = Data()
    private var tail = Data()
    private(set) var total = 0
    private let finished = DispatchSemaphore(value: 0)

    init(edge: Int) { self.edge = edge }

    func append(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        total += data.count
        var rest = data[...]
        if head.count < edge {
            let take = min(edge - head.count, rest.count)
            head += rest.prefix(take)
            rest = rest.dropFirst(take)
        }
        guard !rest.isEmpty else { return }
        tail += rest
        if tail.count > 2 * edge { tail = Data(tail.suffix(edge)) }
    }

    func finish() { finished.signal() }

    func wait(seconds: Double) { _ = finished.wait(timeout: .now() + seconds) }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        let kept = tail.suffix(edge)
        let skipped = total - head.count - kept.count
        // The run's own bytes, made safe to show (`Echo.terminalSafe`): they reach terminals.
        var out = Echo.terminalSafe(String(decoding: head, as: UTF8.self))
        if skipped > 0 { out += "\n[… \(skipped) bytes of the log left out …]\n" }
        return out + Echo.terminalSafe(String(decoding: kept, as: UTF8.self))
    }
}

/// A cgroup for one run: memory and processes capped, its out-of-memory kills counted, every
/// process in it killed when the run ends. Version 2 where the host mounts it with the memory
/// controller, else version 1's memory and pids hierarchies; nil when neither can be made
/// (then rlimits stand in, which `Confinement` reports).
struct Cgroup {
    enum Version { case v1, v2 }
    let version: Version
    /// The run's folder in each hierarchy (one for v2; memory and pids for v1).
    let folders: [URL]
    let limitsMemory: Bool
    let limitsProcesses: Bool

    var procsFiles: [String] { folders.map { $0.appending(path: "cgroup.procs").path } }

    /// This process's PID namespace (the number in `/proc/self/ns/pid`), "0" when unknown.
    static let namespace: String = {
        guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid") else { return "0" }
        let digits = link.filter(\.isNumber)
        return digits.isEmpty ? "0" : digits
    }()

    /// A run's cgroup name: `podium-NAMESPACE-PID-ID`, its worker's PID namespace and pid, so
    /// that a later worker can tell one left by a killed worker from one in use.
    static func name() -> String {
        "podium-\(namespace)-\(getpid())-\(UUID().uuidString.filter { $0 != "-" }.prefix(12).lowercased())"
    }

    /// The pid of the worker that made the cgroup `name`, when it is of this PID namespace.
    static func owner(of name: String) -> Int32? {
        let parts = name.split(separator: "-", maxSplits: 3)
        guard parts.count == 4, parts[0] == "podium", String(parts[1]) == namespace, let pid = Int32(parts[2]), pid > 0 else { return nil }
        return pid
    }

    /// Whether process `pid` runs (this one always does).
    static func isRunning(_ pid: Int32) -> Bool {
        pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH
    }

    static func make(limits: SandboxLimits) -> Cgroup? {
        let fm = FileManager.default
        let name = name()
        func write(_ value: String, _ url: URL) -> Bool { (try? value.write(to: url, atomically: false, encoding: .utf8)) != nil }
        let unified = URL(fileURLWithPath: "/sys/fs/cgroup")
        if let controllers = try? String(contentsOf: unified.appending(path: "cgroup.controllers"), encoding: .utf8),
            controllers.split(separator: " ").contains(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "memory" })
        {
            let folder = unified.appending(path: name)
            if (try? fm.createDirectory(at: folder, withIntermediateDirectories: false)) != nil {
                let memory = write(String(limits.memory), folder.appending(path: "memory.max"))
                _ = write("0", folder.appending(path: "memory.swap.max"))
                let pids = write(String(limits.processes), folder.appending(path: "pids.max"))
                if memory { return Cgroup(version: .v2, folders: [folder], limitsMemory: true, limitsProcesses: pids) }
                try? fm.removeItem(at: folder)
            }
        }
        let memoryRoot = unified.appending(path: "memory")
        guard fm.fileExists(atPath: memoryRoot.appending(path: "memory.limit_in_bytes").path) else { return nil }
        let memory = memoryRoot.appending(path: name)
        guard (try? fm.createDirectory(at: memory, withIntermediateDirectories: false)) != nil else { return nil }
        guard write(String(limits.memory), memory.appending(path: "memory.limit_in_bytes")) else {
            try? fm.removeItem(at: memory)
            return nil
        }
        // No swap past the cap, where the kernel accounts it.
        _ = write(String(limits.memory), memory.appending(path: "memory.memsw.limit_in_bytes"))
        var folders = [memory]
        var limitsProcesses = false
        let pids = unified.appending(path: "pids").appending(path: name)
        if (try? fm.createDirectory(at: pids, withIntermediateDirectories: false)) != nil {
            if write(String(limits.processes), pids.appending(path: "pids.max")) {
                folders.append(pids)
                limitsProcesses = true
            } else {
                try? fm.removeItem(at: pids)
            }
        }
        return Cgroup(version: .v1, folders: folders, limitsMemory: true, limitsProcesses: limitsProcesses)
    }

    /// Whether the kernel killed a process of the run for memory.
    func wasOutOfMemory() -> Bool {
        guard let folder = folders.first else { return false }
        let file = version == .v2 ? "memory.events" : "memory.oom_control"
        guard let text = try? String(contentsOf: folder.appending(path: file), encoding: .utf8) else { return false }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == "oom_kill", let n = Int(parts[1]), n > 0 { return true }
        }
        if version == .v1, let failures = try? String(contentsOf: folder.appending(path: "memory.failcnt"), encoding: .utf8),
            let n = Int(failures.trimmingCharacters(in: .whitespacesAndNewlines)), n > 0,
            let max = try? String(contentsOf: folder.appending(path: "memory.max_usage_in_bytes"), encoding: .utf8),
            let limit = try? String(contentsOf: folder.appending(path: "memory.limit_in_bytes"), encoding: .utf8),
            let used = Int(max.trimmingCharacters(in: .whitespacesAndNewlines)), let cap = Int(limit.trimmingCharacters(in: .whitespacesAndNewlines)),
            used >= cap - (1 << 20)
        {
            return true
        }
        return false
    }

    /// Kills every process still in the run's cgroup, until none is left (a fork bomb forks
    /// while it is killed). A killed process stays listed until its exit is done, which for
    /// a fork bomb's thousands on a loaded machine took longer than the one second this once
    /// gave them, and a run was reported with some still alive: now up to ten seconds.
    func killAll() {
        for _ in 0..<500 {
            var left = false
            for procs in procsFiles {
                // A list that cannot be read is not an empty one: tried again, unless the
                // cgroup is gone.
                guard let text = try? String(contentsOfFile: procs, encoding: .utf8) else {
                    if FileManager.default.fileExists(atPath: procs) { left = true }
                    continue
                }
                for pid in text.split(separator: "\n").compactMap({ Int32($0) }) {
                    left = true
                    kill(pid, SIGKILL)
                }
            }
            if !left { return }
            usleep(20_000)
        }
    }

    func remove() {
        killAll()
        for folder in folders {
            // rmdir: a cgroup's folder is removed empty of processes, with its control files.
            for _ in 0..<50 {
                if rmdir(folder.path) == 0 || errno == ENOENT { break }
                usleep(20_000)
            }
        }
    }
}
