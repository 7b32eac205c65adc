import Foundation

/// What the sandbox confines on this host, found by running a probe in it (`podium doctor`).
public struct Confinement: Sendable {
    public struct Line: Sendable {
        public var what: String
        public var ok: Bool
        public var detail: String
    }

    public var lines: [Line]
    /// Whether code challenges can run safely here.
    public var safe: Bool { lines.allSatisfy(\.ok) }

    public static func probe() -> Confinement {
        var lines: [Line] = []
        guard let bwrap = Sandbox.bwrap else {
            return Confinement(lines: [Line(what: "bubblewrap", ok: false, detail: "not installed: apt-get install bubblewrap")])
        }
        lines.append(Line(what: "bubblewrap", ok: true, detail: bwrap.path))
        let limits = SandboxLimits(seconds: 20, memory: 256 << 20)
        let underSlurm = ProcessInfo.processInfo.environment["SLURM_JOB_ID"] != nil
        let cgroup = underSlurm ? nil : Cgroup.make(limits: limits)
        let memory =
            switch (underSlurm, cgroup?.version, cgroup?.limitsMemory) {
            case (true, _, _): "the Slurm job's cgroup (task/cgroup, from --mem): an out-of-memory kill is reported as memory_limit"
            case (_, .v2?, true?): "cgroup v2 memory.max (an out-of-memory kill is reported as memory_limit)"
            case (_, .v1?, true?): "cgroup v1 memory.limit_in_bytes (an out-of-memory kill is reported as memory_limit)"
            default: "no cgroup can be made here: an address-space limit (ulimit -v), BLAS/OpenMP threads pinned to code.cpus"
            }
        let processes =
            cgroup?.limitsProcesses == true
            ? "cgroup pids.max \(limits.processes)" : "ulimit -u \(limits.processes) (per uid: shared by the runs of this host)"
        cgroup?.remove()
        let script =
            "echo pid=$$; echo uid=$(id -u); echo interfaces=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\\n' ,); "
            + "ls /root >/dev/null 2>&1 && echo home=visible || echo home=hidden; "
            + "grep -q '^CapEff:\\s*0*$' /proc/self/status && echo caps=none || echo caps=some"
        let start = Date()
        do {
            let result = try Sandbox.run(["/bin/sh", "-c", script], mounts: [], workdir: "/tmp", limits: limits)
            let ms = Int(Date().timeIntervalSince(start) * 1000)
            guard result.end == .exited(0) else {
                lines.append(Line(what: "sandbox", ok: false, detail: "the probe did not run (\(result.end)): \(result.log.prefix(300))"))
                return Confinement(lines: lines)
            }
            var found: [String: String] = [:]
            for line in result.log.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { found[parts[0]] = parts[1] }
            }
            let interfaces = (found["interfaces"] ?? "").split(separator: ",").map(String.init)
            lines += [
                Line(what: "sandbox", ok: true, detail: "starts in \(ms) ms"),
                Line(what: "network", ok: interfaces.allSatisfy { $0 == "lo" }, detail: "interfaces inside: \(interfaces.joined(separator: ", "))"),
                Line(
                    what: "processes", ok: found["pid"].flatMap(Int.init).map { $0 < 10 } ?? false,
                    detail: "its own PID namespace (the probe is pid \(found["pid"] ?? "?")); \(processes)"),
                Line(what: "user", ok: found["uid"] == "65534", detail: "uid \(found["uid"] ?? "?") (nobody), capabilities: \(found["caps"] ?? "?")"),
                Line(
                    what: "files", ok: found["home"] == "hidden",
                    detail: "/usr and the run's folders read-only, /tmp private; the host's home \(found["home"] ?? "?")"),
                Line(what: "memory", ok: true, detail: memory),
                Line(what: "time", ok: true, detail: "the wall clock kills the run and its whole PID namespace at code.time_limit"),
            ]
        } catch {
            lines.append(Line(what: "sandbox", ok: false, detail: error.localizedDescription))
        }
        return Confinement(lines: lines)
    }
}
