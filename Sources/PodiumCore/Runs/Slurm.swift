import Foundation

/// Slurm's own commands, in their documented machine-readable forms: `sbatch --parsable`,
/// `squeue -h -o`, `scontrol show job -o` (one `Key=Value` line), `scancel`. No free-form text is
/// read. `sacct` is not used: a cluster without slurmdbd (the test one) has no accounting.
public enum Slurm {
    public struct Failure: Error, LocalizedError, Equatable {
        public var message: String
        public var errorDescription: String? { message }
    }

    /// A job as `scontrol show job -o` gives it.
    public struct Job: Sendable, Equatable {
        public var id: String
        public var name: String
        /// PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, OUT_OF_MEMORY, CANCELLED, NODE_FAIL,
        /// PREEMPTED, BOOT_FAIL, DEADLINE...
        public var state: String
        public var node: String?
        /// `ExitCode=code:signal`.
        public var exitCode: Int32?
        public var reason: String?
        /// Where its output goes (`StdOut`): a run's folder, which tells Podium's jobs apart from
        /// another store's of the same name.
        public var stdout: String?

        public init(
            id: String, name: String, state: String, node: String? = nil, exitCode: Int32? = nil, reason: String? = nil, stdout: String? = nil
        ) {
            (self.id, self.name, self.state, self.node, self.exitCode, self.reason, self.stdout) = (id, name, state, node, exitCode, reason, stdout)
        }

        public var isFinished: Bool { !["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING"].contains(state) }

        /// One line of `scontrol show job -o`: space-separated `Key=Value` pairs (values may
        /// hold spaces only in fields Podium does not read, such as `Command`).
        public static func parse(_ line: String) -> Job? {
            var fields: [String: String] = [:]
            for pair in line.split(separator: " ") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let key = String(pair[..<equals])
                if fields[key] == nil { fields[key] = String(pair[pair.index(after: equals)...]) }
            }
            guard let id = fields["JobId"], let state = fields["JobState"] else { return nil }
            let node = fields["NodeList"].flatMap { $0 == "(null)" || $0.isEmpty ? nil : $0 }
            let exit = fields["ExitCode"].flatMap { $0.split(separator: ":").first.flatMap { Int32($0) } }
            return Job(
                id: id, name: fields["JobName"] ?? "", state: state, node: node, exitCode: exit, reason: fields["Reason"], stdout: fields["StdOut"])
        }
    }

    /// What `sbatch` asks of the cluster for one run.
    public struct Request: Sendable, Equatable {
        public var name: String
        public var minutes: Int
        public var memoryMiB: Int
        public var cpus: Int
        public var gpus: Int
        public var partition: String?
        public var account: String?
        public var output: String

        /// The `sbatch` arguments.
        public var arguments: [String] {
            var a = [
                "--parsable", "--job-name", name, "--time", String(minutes), "--mem", "\(memoryMiB)M", "--cpus-per-task", String(cpus),
                "--output", output, "--open-mode", "append",
            ]
            if gpus > 0 { a += ["--gres", "gpu:\(gpus)"] }
            if let partition { a += ["--partition", partition] }
            if let account { a += ["--account", account] }
            return a
        }

        /// A run's request: its time limit rounded up to Slurm's minutes plus a margin (Podium's
        /// own clock on the node enforces the exact limit), its memory plus room for Podium
        /// and the sandbox around it.
        public static func forRun(name: String, settings: CodeSettings, output: String, partition: String?, account: String?) -> Request {
            let minutes = Int((Double(settings.timeLimit) / 60).rounded(.up)) + marginMinutes
            return Request(
                name: name, minutes: minutes, memoryMiB: (settings.memory >> 20) + overheadMiB, cpus: settings.cpus, gpus: settings.gpus,
                partition: partition, account: account, output: output)
        }

        public static let marginMinutes = 2
        public static let overheadMiB = 256
    }

    /// Runs a Slurm command; its standard output, or a failure naming the command and what it said.
    static func command(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw Failure(message: "\(name) cannot be started: \(error.localizedDescription)") }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let said = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if process.terminationStatus == 127 { throw Failure(message: "\(name) is not installed (Slurm's client commands are needed)") }
            throw Failure(message: "\(name) \(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus)): \(said)")
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Submits `script`; the job's id.
    public static func submit(_ request: Request, script: URL) throws -> String {
        let out = try command("sbatch", request.arguments + [script.path])
        // --parsable: "jobid" or "jobid;cluster".
        guard let id = out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init), !id.isEmpty,
            id.allSatisfy(\.isNumber)
        else { throw Failure(message: "sbatch --parsable answered \(Echo.quoted(out)), not a job id") }
        return id
    }

    /// The job, or nil when Slurm no longer knows it (it forgot it, past MinJobAge).
    public static func job(_ id: String) throws -> Job? {
        let out: String
        do { out = try command("scontrol", ["show", "job", "-o", id]) } catch let failure as Failure
            where failure.message.contains("Invalid job id")
        {
            return nil
        }
        return out.split(separator: "\n").lazy.compactMap { Job.parse(String($0)) }.first { $0.id == id }
    }

    /// The jobs named `name` that Slurm still knows (pending, running or ended), newest last.
    public static func find(name: String) throws -> [String] {
        let out = try command("squeue", ["-h", "-t", "all", "-n", name, "-o", "%i"])
        return out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
    }

    public static func cancel(_ id: String) throws { _ = try command("scancel", [id]) }

    /// `podium doctor --executor slurm`: Slurm's commands answer, the spool is writable, and a
    /// probe job runs `podium doctor` on a node (its confinement there), within `seconds`.
    public static func probe(spool: URL, podium: String, partition: String?, account: String?, seconds: Double = 120) -> [Confinement.Line] {
        var lines: [Confinement.Line] = []
        do {
            let partitions = try command("sinfo", ["-h", "-o", "%P %a %D %T"]).split(separator: "\n").map(String.init)
            lines.append(Confinement.Line(what: "slurm", ok: !partitions.isEmpty, detail: "sinfo: " + partitions.joined(separator: "; ")))
        } catch {
            return [Confinement.Line(what: "slurm", ok: false, detail: error.localizedDescription)]
        }
        let folder = spool.appending(path: "probe-\(UUID().uuidString.prefix(8).lowercased())")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("#!/bin/sh\nexec '\(podium)' doctor\n".utf8).write(to: folder.appending(path: "probe.sh"))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.appending(path: "probe.sh").path)
            lines.append(Confinement.Line(what: "spool", ok: true, detail: "\(spool.path) is writable"))
        } catch {
            lines.append(Confinement.Line(what: "spool", ok: false, detail: "\(spool.path): \(error.localizedDescription)"))
            return lines
        }
        let output = folder.appending(path: "probe.out")
        let request = Request(
            name: "podium-doctor", minutes: 2, memoryMiB: 512, cpus: 1, gpus: 0, partition: partition, account: account, output: output.path)
        let start = Date()
        do {
            let id = try submit(request, script: folder.appending(path: "probe.sh"))
            var job = try Slurm.job(id)
            while job.map({ !$0.isFinished }) ?? false, Date().timeIntervalSince(start) < seconds {
                Thread.sleep(forTimeInterval: 0.5)
                job = try Slurm.job(id)
            }
            let said = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            let took = String(format: "%.1f s", Date().timeIntervalSince(start))
            guard let job, job.isFinished else {
                try? cancel(id)
                lines.append(Confinement.Line(what: "probe job", ok: false, detail: "job \(id) did not end within \(Int(seconds)) s (cancelled)"))
                return lines
            }
            lines.append(
                Confinement.Line(
                    what: "probe job", ok: job.state == "COMPLETED",
                    detail: "job \(id) ran podium doctor on \(job.node ?? "?"): \(job.state) in \(took)"))
            // The node's own doctor, line by line (its closing sentence left out).
            for line in said.split(separator: "\n") where line.hasPrefix("✓ ") || line.hasPrefix("✗ ") {
                lines.append(Confinement.Line(what: "on \(job.node ?? "the node")", ok: line.hasPrefix("✓"), detail: String(line.dropFirst(2))))
            }
            if !said.contains("✓ bubblewrap") {
                lines.append(Confinement.Line(what: "on the node", ok: false, detail: "podium doctor gave no report: \(said.suffix(300))"))
            }
        } catch {
            lines.append(Confinement.Line(what: "probe job", ok: false, detail: error.localizedDescription))
        }
        return lines
    }

    /// How Podium reads a job that ended: its own report when the node wrote one, else Slurm's state.
    public enum Outcome: Equatable {
        /// The node's report decides (COMPLETED, or a run the sandbox ended).
        case report
        case failure(RunFailure.Kind, String)
        /// Not the code's doing: the run goes back to the queue.
        case requeue(String)
    }

    /// Slurm's end states mapped, not guessed: COMPLETED → the report; TIMEOUT → time_limit;
    /// OUT_OF_MEMORY → memory_limit; FAILED → crashed; NODE_FAIL, PREEMPTED, BOOT_FAIL, a cancel
    /// Podium did not ask for, a job Slurm forgot → requeued.
    public static func outcome(_ job: Job?, hasReport: Bool, settings: CodeSettings) -> Outcome {
        guard let job else { return hasReport ? .report : .requeue("Slurm no longer knows the job") }
        switch job.state {
        case "COMPLETED": return hasReport ? .report : .requeue("the job completed without the node's report")
        case "TIMEOUT", "DEADLINE": return .failure(.timeLimit, "stopped after \(settings.timeLimit) s: the time limit (code.time_limit), by Slurm")
        case "OUT_OF_MEMORY":
            return .failure(.memoryLimit, "used more than \(Formats.size(settings.memory)): the memory limit (code.memory), by Slurm")
        case "FAILED":
            return hasReport ? .report : .failure(.crashed, "the Slurm job failed (exit code \(job.exitCode.map(String.init) ?? "?"))")
        default: return .requeue("the Slurm job ended \(job.state)\(job.reason.map { " (\($0))" } ?? "")")
        }
    }
}
