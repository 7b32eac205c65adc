import ArgumentParser
import Foundation
import PodiumCore
import PodiumStore

extension Podium {
    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate, archive, score and record a team's submission.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Option(help: "The team's name.") var team: String
        @Argument(help: "The submission (.csv, .csv.gz, or .zip holding one .csv); for a code challenge, model.py or a .zip holding it.")
        var file: String
        @Option(name: [.customShort("m"), .long], help: "A description of the file, shown in the team's history (at most 500 characters).")
        var message: String?
        @Flag(help: "Print the receipt as one JSON document (what the API replies).") var json = false
        @Flag(help: "Code challenges: wait for the run to end and print how it ended (exit 1 when refused or failed).") var wait = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            let opened = try store.open()
            if try ChallengeService(opened).manifest(slug).code != nil { return try queue(opened) }
            let receipt = try SubmissionService(opened).submit(
                challenge: slug, team: .name(team), file: URL(fileArgument: file), message: message)
            if json { print(try Formats.json(receipt)) }
            if let problems = receipt.problems {
                Console.error(problems.localizedDescription)
                Console.error("Submission #\(receipt.id) was refused and recorded; it does not count toward the limits.")
                throw ExitCode(1)
            }
            if !json { print(Texts.receipt(receipt)) }
        }

        /// A code challenge: the model is checked and queued; a worker runs it.
        func queue(_ store: Store) throws {
            let runs = RunService(store)
            let ticket = try runs.enqueue(challenge: slug, team: .name(team), file: URL(fileArgument: file), message: message)
            guard wait else {
                print(
                    json
                        ? try Formats.json(ticket)
                        : "Run #\(ticket.id) of team \(team) is queued (position \(ticket.position)); podium worker runs it.")
                return
            }
            var state = try runs.state(slug, id: ticket.id, team: nil)
            while state.status.isPending {
                Thread.sleep(forTimeInterval: 0.5)
                state = try runs.state(slug, id: ticket.id, team: nil)
            }
            if json {
                print(try Formats.json(state))
            } else {
                switch state.status {
                case .accepted, .refused:
                    print(
                        "Run #\(ticket.id) \(state.status.rawValue) in \(String(format: "%.1f", state.elapsedSeconds ?? 0)) s: submission #\(state.submissionId ?? 0) (podium submissions \(slug) --team \(team))"
                    )
                default:
                    print("Run #\(ticket.id) failed (\(state.failure?.kind.rawValue ?? "?")): \(state.failure?.message ?? "")")
                }
            }
            if state.status != .accepted { throw ExitCode(1) }
        }
    }

    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run queued code submissions in the sandbox, on this machine or as Slurm jobs, until stopped (or once).",
            discussion: """
                --executor slurm: each run becomes one sbatch job (--time, --mem, --cpus-per-task, --gres=gpu:N, \
                job name podium-<slug>-<id>) staged under --spool, a folder of the cluster's shared filesystem; \
                the node runs it in the same sandbox (the podium binary and bubblewrap must be on the nodes).
                """)
        enum Executor: String, ExpressibleByArgument { case local, slurm }
        @Option(help: "Runs at once (Slurm: jobs in flight at once).") var jobs = 1
        @Flag(help: "Run what is queued, then stop.") var once = false
        @Option(help: "local (this machine) or slurm.") var executor: Executor = .local
        @Option(help: "Slurm: a folder on the cluster's shared filesystem.") var spool: String?
        @Option(help: "Slurm: the partition.") var partition: String?
        @Option(help: "Slurm: the account.") var account: String?
        @Option(help: "Slurm: the podium binary on the nodes (default: this one's path).") var podium: String?
        @OptionGroup var store: StoreOptions

        func validate() throws {
            if jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be between 1 and 256") }
            if executor == .slurm && spool == nil { throw ValidationError("--executor slurm needs --spool DIR, a folder the nodes see") }
        }

        func run() throws {
            let opened = try store.open()
            let mode = try Podium.Worker.executor(executor, spool: spool, partition: partition, account: account, podium: podium)
            // SIGTERM or SIGINT: no new run, and the runs in flight go back to the queue.
            let stop = WorkerStop()
            let signals = Podium.Worker.onStopSignals { stop.request() }
            defer { withExtendedLifetime(signals) {} }
            let group = DispatchGroup()
            for _ in 0..<jobs {
                group.enter()
                Thread {
                    defer { group.leave() }
                    let worker = RunWorker(opened, executor: mode, stop: stop)
                    worker.loop(once: once) { Console.error("worker \(worker.name): \($0.localizedDescription)") }
                }.start()
            }
            group.wait()
        }
    }

    /// The node's side of a Slurm run (the job script calls it): runs the staged run in the sandbox.
    struct SlurmJob: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "slurm-job", abstract: "Run a run staged by podium worker --executor slurm (on a node).", shouldDisplay: false)
        @Argument(help: "The run's folder under the spool.") var folder: String

        func run() throws { try StagedRun.execute(URL(fileArgument: folder)) }
    }

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit every new file under DIR/<team>/ (idempotent by content hash).")
        @Argument(help: "The challenge's slug.") var slug: String
        @Argument(help: "The folder holding one folder per team.") var dir: String
        @OptionGroup var store: StoreOptions

        func run() throws {
            let results = try SubmissionService(store.open()).ingest(challenge: slug, folder: URL(fileArgument: dir), progress: Console.progress)
            Console.progress(nil)
            print(Texts.ingest(results))
        }
    }

    struct Select: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Choose a team's final submissions for the private board.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Option(help: "The team's name.") var team: String
        @Argument(help: "Submission ids.") var ids: [Int64]
        @OptionGroup var store: StoreOptions

        func run() throws {
            let chosen = try BoardService(store.open()).select(slug, team: team, ids: ids)
            print("Team \(team) selected \(chosen.map { "#\($0)" }.joined(separator: ", ")) for the private board of \(slug).")
        }
    }

    struct Submissions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The history of submissions, with scores or problems.")
        @Argument(help: "The challenge's slug.") var slug: String
        @Option(help: "Only this team's.") var team: String?
        @Flag(help: "Print one JSON document.") var json = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            let store = try store.open()
            let history = try HistoryService(store).submissions(slug, team: team)
            let manifest = try ChallengeService(store).manifest(slug)
            if json { return print(try Formats.json(history)) }
            // A code challenge's runs first: those queued, running or failed are not submissions.
            if manifest.code != nil {
                let runs = try RunService(store).all(slug, team: team)
                print(runs.isEmpty ? "no code run yet" : "code runs:\n" + runs.map { "  " + Texts.run($0) }.joined(separator: "\n"))
                print("")
            }
            print(Texts.history(history, zone: manifest.timeZone))
        }
    }
}

extension Podium.Worker {
    /// Calls `stop` on SIGTERM and SIGINT (instead of dying with runs half done); the sources to keep.
    static func onStopSignals(_ stop: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Console.error("stopping: the runs in flight go back to the queue")
                stop()
            }
            source.resume()
            return source
        }
    }

    /// Where the runs go; the spool is made (0700) when it does not exist.
    static func executor(_ executor: Executor, spool: String?, partition: String?, account: String?, podium: String?) throws -> RunExecutor {
        guard executor == .slurm, let spool else { return .local }
        let folder = URL(fileArgument: spool)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let binary = podium ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        return .slurm(SlurmCluster(spool: folder, partition: partition, account: account, podium: binary))
    }
}
