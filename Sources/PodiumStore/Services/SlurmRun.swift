import Foundation
import PodiumCore

/// Where a worker's runs execute.
public enum RunExecutor: Sendable {
    /// In the sandbox on this machine.
    case local
    /// As Slurm jobs, in the same sandbox on the cluster's nodes.
    case slurm(SlurmCluster)
}

/// How a worker reaches a Slurm cluster.
public struct SlurmCluster: Sendable {
    /// A folder on the cluster's shared filesystem: each run is staged there for its node.
    public var spool: URL
    public var partition: String?
    public var account: String?
    /// The `podium` binary the nodes run (the same path on every node).
    public var podium: String
    /// Seconds between two looks at a job.
    public var poll: TimeInterval

    public init(spool: URL, partition: String? = nil, account: String? = nil, podium: String, poll: TimeInterval = 1) {
        self.spool = spool
        self.partition = partition
        self.account = account
        self.podium = podium
        self.poll = poll
    }
}

/// One run as a Slurm job: staged under the spool, submitted with `sbatch` (or found again when
/// an earlier worker submitted it), watched until it ends, and read back: the node's report when
/// it wrote one, else Slurm's end state, mapped (`Slurm.outcome`).
struct SlurmRun {
    let runs: RunService
    let worker: String
    let cluster: SlurmCluster
    /// The worker stopping: the job is left to run (the next worker finds it again).
    let cancellation: RunCancellation

    func execute(_ run: ClaimedRun, python: URL, settings: CodeSettings) throws -> (RunReport, Data?) {
        let name = "podium-\(run.slug)-\(run.id)"
        let folder = cluster.spool.appending(path: "\(run.slug)-\(run.id)")
        let start = Date()
        // The job an earlier worker of this attempt started is found again, not submitted twice:
        // by the id the store recorded (running, or ended: its end is read as if watched), else
        // by name when the id was never recorded (a worker killed between sbatch and its write),
        // and then only a job writing into this run's folder, still going or ended with a report
        // that decides the run: another store's run of the same name is not this one, and a job
        // that ended to be requeued (cancelled behind Podium's back) was an earlier attempt's,
        // whose node may still write its report into the folder after the worker removed it.
        let output = folder.appending(path: "slurm.out").path
        var found: String?
        if let known = run.slurmJob, try Slurm.job(known) != nil {
            found = known
        } else if run.slurmJob == nil {
            for candidate in try Slurm.find(name: name).reversed() {
                guard let job = try Slurm.job(candidate), job.stdout == output else { continue }
                if job.isFinished {
                    guard StagedRun.result(folder) != nil else { continue }
                    if case .requeue = Slurm.outcome(job, hasReport: true, settings: settings) { continue }
                }
                found = candidate
                break
            }
        }
        let id: String
        if let found {
            id = found
        } else {
            try StagedRun.stage(
                folder, manifest: run.manifest, settings: settings, python: python.path, fileName: run.fileName, code: run.code,
                inputs: run.inputs, program: run.program)
            let script = folder.appending(path: "job.sh")
            try Data("#!/bin/sh\nexec '\(cluster.podium)' slurm-job '\(folder.path)'\n".utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            let request = Slurm.Request.forRun(
                name: name, settings: settings, output: output, partition: cluster.partition, account: cluster.account)
            id = try Slurm.submit(request, script: script)
        }
        try runs.attach(run.id, worker: worker, slurmJob: id)
        var job: Slurm.Job?
        var node: String?
        while true {
            job = try Slurm.job(id)
            if let seen = job?.node, seen != node {
                node = seen
                try runs.attach(run.id, worker: worker, slurmJob: id, node: seen)
            }
            guard let current = job, !current.isFinished else { break }
            if cancellation.isCancelled {
                return (
                    RunReport(status: .failed, failure: RunFailure(kind: .platform, message: "the worker stopped"), elapsedSeconds: 0, log: ""), nil
                )
            }
            Thread.sleep(forTimeInterval: cluster.poll)
        }
        // The node's report may reach this host a moment after the job ends (a shared filesystem).
        var result = StagedRun.result(folder)
        for _ in 0..<20 where result == nil && job?.state == "COMPLETED" {
            Thread.sleep(forTimeInterval: 0.25)
            result = StagedRun.result(folder)
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let elapsed = Date().timeIntervalSince(start)
        let slurmLog = Echo.terminalSafe((try? String(contentsOf: folder.appending(path: "slurm.out"), encoding: .utf8)) ?? "")
        switch Slurm.outcome(job, hasReport: result != nil, settings: settings) {
        case .report:
            return result!
        case .failure(let kind, let message):
            let report = RunReport(
                status: .failed, failure: RunFailure(kind: kind, message: message, exitCode: job?.exitCode), elapsedSeconds: elapsed,
                log: result?.0.log ?? slurmLog)
            return (report, nil)
        case .requeue(let why):
            let failure = RunFailure(kind: .platform, message: "\(why) (job \(id)); the run goes back to the queue, not counted")
            return (RunReport(status: .failed, failure: failure, elapsedSeconds: elapsed, log: slurmLog), nil)
        }
    }
}
