import Foundation
import Testing

@testable import PodiumCore

/// Slurm's machine-readable answers read, and its end states mapped to Podium's (the cluster
/// itself is in PodiumCLITests' SlurmExecutorTests).
@Suite struct SlurmTests {
    /// A line as `scontrol show job -o` writes it (Slurm 22.05, trimmed).
    static let line =
        "JobId=42 JobName=podium-digits-7 UserId=root(0) GroupId=root(0) Priority=1 JobState=OUT_OF_MEMORY Reason=OutOfMemory "
        + "Dependency=(null) ExitCode=0:125 RunTime=00:00:02 TimeLimit=00:04:00 NodeList=localhost BatchHost=localhost "
        + "NumCPUs=1 Command=/spool/digits-7/job.sh StdOut=/spool/digits-7/slurm.out Power="

    @Test func aJobLineIsRead() throws {
        let job = try #require(Slurm.Job.parse(Self.line))
        #expect(job.id == "42")
        #expect(job.name == "podium-digits-7")
        #expect(job.state == "OUT_OF_MEMORY")
        #expect(job.node == "localhost")
        #expect(job.exitCode == 0)
        #expect(job.stdout == "/spool/digits-7/slurm.out")
        #expect(job.isFinished)
        #expect(Slurm.Job.parse("JobId=1 JobState=PENDING NodeList=(null)")?.node == nil)
        #expect(Slurm.Job.parse("JobId=1 JobState=PENDING")?.isFinished == false)
        #expect(Slurm.Job.parse("no job here") == nil)
    }

    @Test func endStatesAreMappedNotGuessed() {
        let settings = CodeSettings()
        func job(_ state: String) -> Slurm.Job { Slurm.Job(id: "1", name: "n", state: state) }
        #expect(Slurm.outcome(job("COMPLETED"), hasReport: true, settings: settings) == .report)
        #expect(Slurm.outcome(job("FAILED"), hasReport: true, settings: settings) == .report)
        if case .failure(let kind, _) = Slurm.outcome(job("TIMEOUT"), hasReport: false, settings: settings) {
            #expect(kind == .timeLimit)
        } else {
            Issue.record("TIMEOUT is not time_limit")
        }
        if case .failure(let kind, _) = Slurm.outcome(job("OUT_OF_MEMORY"), hasReport: false, settings: settings) {
            #expect(kind == .memoryLimit)
        } else {
            Issue.record("OUT_OF_MEMORY is not memory_limit")
        }
        if case .failure(let kind, _) = Slurm.outcome(job("FAILED"), hasReport: false, settings: settings) {
            #expect(kind == .crashed)
        } else {
            Issue.record("FAILED without a report is not crashed")
        }
        for state in ["NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "CANCELLED"] {
            guard case .requeue = Slurm.outcome(job(state), hasReport: false, settings: settings) else {
                Issue.record("\(state) is not requeued")
                continue
            }
        }
        guard case .requeue = Slurm.outcome(nil, hasReport: false, settings: settings) else {
            Issue.record("a job Slurm forgot is not requeued")
            return
        }
    }

    @Test func aRunAsksSlurmForItsLimits() {
        var settings = CodeSettings()
        settings.timeLimit = 600
        settings.memory = 2 << 30
        settings.cpus = 2
        settings.gpus = 1
        let request = Slurm.Request.forRun(name: "podium-digits-7", settings: settings, output: "/s/o", partition: "gpu", account: "ter")
        let a = request.arguments
        #expect(a.starts(with: ["--parsable", "--job-name", "podium-digits-7", "--time", "12", "--mem", "2304M", "--cpus-per-task", "2"]))
        #expect(a.contains("--gres"))
        #expect(a.contains("gpu:1"))
        #expect(a.suffix(4) == ["--partition", "gpu", "--account", "ter"])
    }
}
