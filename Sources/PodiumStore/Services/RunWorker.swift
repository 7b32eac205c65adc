import Foundation
import Logging
import PodiumCore

/// A worker of this host: claims queued runs, runs each in the sandbox with the environment its
/// challenge names, keeps its lease alive while it runs, and records the outcome.
public struct RunWorker: Sendable {
    let store: Store
    /// How this worker signs its leases (host and pid, and a number of its own).
    public let name: String
    /// Where its runs execute: this machine, or a Slurm cluster.
    public let executor: RunExecutor
    /// Asked to stop (SIGTERM): what runs goes back to the queue.
    public let stop: WorkerStop

    public init(
        _ store: Store, name: String = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(6))",
        executor: RunExecutor = .local, stop: WorkerStop = WorkerStop()
    ) {
        self.store = store
        self.name = name
        self.executor = executor
        self.stop = stop
    }

    /// Runs the next queued run, if any; false when none waits.
    @discardableResult
    public func runOnce() throws -> Bool {
        let runs = RunService(store)
        guard !stop.isStopped, let run = try runs.claim(worker: name) else { return false }
        let cancellation = RunCancellation()
        stop.register(cancellation)
        defer { stop.unregister(cancellation) }
        let settings = run.manifest.code ?? CodeSettings()
        // The lease lives while the worker does: a heartbeat every third of it.
        let stop = DispatchSemaphore(value: 0)
        let heartbeat = Thread {
            while stop.wait(timeout: .now() + RunService.leaseSeconds / 3) == .timedOut {
                _ = try? runs.heartbeat(run.id, worker: name)
            }
        }
        heartbeat.start()
        defer { stop.signal() }
        let (report, predictions): (RunReport, Data?)
        do {
            let python = try self.python(settings.environment)
            switch executor {
            case .local:
                let folder = try TemporaryDirectory(prefix: "podium-upload")
                let file = folder.url.appending(path: Echo.fileName(run.fileName))
                try run.code.write(to: file)
                (report, predictions) = try CodeRunner.execute(
                    manifest: run.manifest, inputs: run.inputs, code: file, python: python, settings: settings, program: run.program,
                    cancellation: cancellation)
            case .slurm(let cluster):
                (report, predictions) = try SlurmRun(runs: runs, worker: name, cluster: cluster, cancellation: cancellation).execute(
                    run, python: python, settings: settings)
            }
        } catch {
            // The sandbox, the environment or the host failed, not the code: it runs again.
            store.logger.error("a run could not start", metadata: ["run": "\(run.id)", "error": "\(error)"])
            let failure = RunFailure(kind: .platform, message: "the run could not start: \(error.localizedDescription)")
            (report, predictions) = (RunReport(status: .failed, failure: failure, elapsedSeconds: 0, log: ""), nil)
        }
        if cancellation.isCancelled {
            // Stopped with its worker: back to the queue, the attempt not counted.
            try runs.release(run.id, worker: name)
            return true
        }
        try runs.complete(run.id, worker: name, report: report, predictions: predictions)
        return true
    }

    /// Runs the queue until stopped: a run after another, a look every `poll` seconds when none
    /// waits; `once`: until the queue is empty. An error is told to `failed` and the loop goes on.
    public func loop(once: Bool = false, poll: TimeInterval = 0.25, failed: (any Error) -> Void) {
        // What a worker killed on this host left behind.
        if case .local = executor { Sandbox.sweepStaleCgroups() }
        while !stop.isStopped {
            do {
                if try runOnce() { continue }
            } catch {
                failed(error)
            }
            if once { return }
            Thread.sleep(forTimeInterval: poll)
        }
    }

    /// The interpreter of `environment`: the one registered under that name, else Debian's
    /// /usr/bin/python3 for the `default` environment.
    func python(_ environment: String) throws -> URL {
        do {
            return URL(fileURLWithPath: try EnvironmentService(store).environment(environment).python)
        } catch StoreError.unknownEnvironment(let name) where name == "default" {
            return URL(fileURLWithPath: "/usr/bin/python3")
        }
    }
}

/// The stop of a process's workers (SIGTERM, SIGINT): no new run is claimed, and the runs in
/// flight are cancelled (their sandbox killed; a Slurm job is left to run) and handed back to
/// the queue.
public final class WorkerStop: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var running: [ObjectIdentifier: RunCancellation] = [:]

    public init() {}

    public var isStopped: Bool { lock.withLock { stopped } }

    public func request() {
        let inFlight = lock.withLock {
            stopped = true
            return Array(running.values)
        }
        for run in inFlight { run.cancel() }
    }

    func register(_ run: RunCancellation) {
        let now = lock.withLock {
            running[ObjectIdentifier(run)] = run
            return stopped
        }
        if now { run.cancel() }
    }

    func unregister(_ run: RunCancellation) { _ = lock.withLock { running.removeValue(forKey: ObjectIdentifier(run)) } }
}
