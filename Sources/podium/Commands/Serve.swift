import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PodiumCore
import PodiumServer
import PodiumStore

extension Podium {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the web pages and the JSON API over the store.")
        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on.") var port = 8080
        @Option(help: "Largest upload accepted, in MiB.") var maxUploadMib = 64
        @Flag(help: "Create a new instructor token and print it once; the tokens before it, and their sessions, stop working.")
        var newInstructorToken = false
        @Option(help: "The address users reach, e.g. https://podium.example.fr/ behind a proxy (https: cookies are Secure).")
        var publicURL: String?
        @Option(help: "Workers that run queued code submissions on this machine (0: none; podium worker runs them elsewhere).")
        var workers = 1
        @Option(help: "Least level of the log written to standard error: trace, debug, info (a line per request), notice, warning, error.")
        var logLevel = "info"
        enum LogFormat: String, ExpressibleByArgument { case text, json }
        @Option(help: "text, or json: one JSON object a line (time, level, message, and the request's route, status, duration...).")
        var logFormat: LogFormat = .text
        @Flag(help: "Serve GET /metrics in Prometheus' text format, for monitoring (have the proxy refuse it from outside).")
        var metrics = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            if let publicURL, URL(string: publicURL).flatMap(\.scheme).map({ ["http", "https"].contains($0.lowercased()) }) != true {
                throw ValidationError("--public-url must be an http:// or https:// address, e.g. https://podium.example.fr/")
            }
            if workers < 0 || workers > 64 { throw ValidationError("--workers must be between 0 and 64") }
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), not \(logLevel)")
            }
        }

        func run() async throws {
            let store = try self.store.open()
            let hasToken = try TokenService(store).hasInstructorToken()
            if newInstructorToken || !hasToken {
                let token = try TokenService(store).createInstructorToken(replacingOthers: hasToken)
                print("Instructor token (shown once, stored hashed): \(token)")
                fflush(nil)  // `serve > log &` shows it now, not when the server stops
            }
            let key = try SessionKey.load(in: self.store.folder)
            var configuration = ServerConfiguration(host: host, port: port, maxUploadBytes: maxUploadMib << 20, sessionKey: key)
            let level = Logger.Level(rawValue: logLevel) ?? .info
            configuration.logger = Logger(label: "podium") { [logFormat] label -> any LogHandler in
                switch logFormat {
                case .text:
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                case .json:
                    var handler = JSONLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                }
            }
            configuration.publicURL = publicURL.flatMap(URL.init(string:))
            configuration.metrics = metrics
            print("Podium serves \(self.store.folder.path) on http://\(host):\(port)/" + (publicURL.map { ", reached at \($0)" } ?? ""))
            fflush(nil)
            let logger = configuration.logger
            let stop = WorkerStop()
            let group = DispatchGroup()
            for _ in 0..<workers {
                let worker = RunWorker(store.logging(to: logger), stop: stop)
                group.enter()
                Thread {
                    defer { group.leave() }
                    worker.loop { logger.error("worker \(worker.name): \($0)") }
                }.start()
            }
            // SIGTERM and SIGINT: Hummingbird stops accepting and lets the requests in flight end
            // (swift-service-lifecycle's graceful shutdown); then the workers hand their runs back.
            try await buildApplication(store: store, configuration: configuration).runService()
            stop.request()
            _ = group.wait(timeout: .now() + 30)
            logger.notice(workers > 0 ? "stopped; code runs in flight went back to the queue" : "stopped")
        }
    }
}

/// The key signing session cookies: random, created once beside the store, readable only by its owner.
enum SessionKey {
    static func load(in folder: URL) throws -> Data {
        let url = folder.appending(path: "session.key")
        if FileManager.default.fileExists(atPath: url.path) {
            do {
                let data = try Data(contentsOf: url)
                if data.count == 32 { return data }
                Console.error("warning: \(url.path) holds \(data.count) bytes, not 32: a new session key replaces it (everyone signs in again)")
            } catch {
                Console.error(
                    "warning: \(url.path) cannot be read (\(error.localizedDescription)): a new session key replaces it (everyone signs in again)")
            }
        }
        var generator = SystemRandomNumberGenerator()
        let key = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        do {
            try AtomicWrite.writePrivate(key, to: url)
        } catch {
            Console.error("warning: \(error.localizedDescription): the session key is not kept (everyone signs in again after a restart)")
        }
        return key
    }
}
