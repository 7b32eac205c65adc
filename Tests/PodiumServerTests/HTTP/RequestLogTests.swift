import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PodiumCore
import Synchronization
import Testing

@testable import PodiumServer
@testable import PodiumStore

/// A log handler that keeps what it is given, for tests to read.
struct CapturedLog: LogHandler {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
        /// The message and its metadata, as one line of text (what a token must never be in).
        var line: String { ([message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ") }
    }

    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        capture.entries.withLock { $0.append(Entry(level: event.level, message: "\(event.message)", metadata: all.mapValues { "\($0)" })) }
    }
}

final class LogCapture: Sendable {
    let entries = Mutex<[CapturedLog.Entry]>([])
    var logger: Logger {
        Logger(label: "podium-test") { _ in CapturedLog(capture: self) }
    }
    var all: [CapturedLog.Entry] { entries.withLock { $0 } }
}

@Suite struct RequestLogTests {
    let world: World
    init() throws { world = try World() }

    func app(_ capture: LogCapture) -> some ApplicationProtocol {
        var configuration = ServerConfiguration(sessionKey: Data(repeating: 7, count: 32))
        configuration.logger = capture.logger
        return buildApplication(store: world.store, configuration: configuration)
    }

    /// `--log-format json`: each line one JSON object, the request's fields as its keys.
    @Test func theJSONLogIsOneObjectALine() async throws {
        let lines = Mutex<[String]>([])
        var configuration = ServerConfiguration(sessionKey: Data(repeating: 7, count: 32))
        configuration.logger = Logger(label: "podium") { label in
            JSONLogHandler(label: label) { line in lines.withLock { $0.append(line) } }
        }
        try await buildApplication(store: world.store, configuration: configuration).test(.router) { client in
            try await client.execute(uri: "/challenges/wine", method: .get) { #expect($0.status == .ok) }
        }
        let written = lines.withLock { $0 }
        #expect(!written.isEmpty)
        #expect(written.allSatisfy { $0.hasSuffix("\n") && $0.dropLast().allSatisfy { $0 != "\n" } })
        let objects = try written.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let request = try #require(objects.first { $0["http.route"] as? String == "/challenges/{slug}" })
        #expect(request["http.status"] as? String == "200")
        #expect(request["level"] as? String == "info")
        #expect(request["label"] as? String == "podium")
        #expect((request["time"] as? String)?.hasSuffix("Z") == true)
        #expect((request["message"] as? String)?.hasPrefix("GET /challenges/{slug} 200 ") == true)
    }

    /// Each request is one line: method, route (as the table spells it), status, duration.
    /// The values of the path and the query (where form tokens travel) and the bearer token
    /// are in none of them.
    @Test func eachRequestIsOneLineWithoutItsTokens() async throws {
        let capture = LogCapture()
        let token = try #require(world.tokens["wine"]?["alpha"])
        try await app(capture).test(.router) { client in
            try await client.execute(uri: "/challenges/wine?lang=fr", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/challenges/wine/submissions", method: .get, headers: bearer(token)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/challenges/wine/submit?csrf=not-a-real-form-token-7731", method: .post) {
                #expect($0.status == .forbidden)
            }
        }
        let lines = capture.all.filter { $0.metadata["http.route"] != nil && $0.message != "unexpected error" }
        #expect(lines.count == 3)
        #expect(lines.first?.message.hasPrefix("GET /challenges/{slug} 200 ") == true)
        #expect(lines.first?.metadata["http.status"] == "200")
        #expect(lines.first?.metadata["duration_ms"].flatMap(Double.init).map { $0 >= 0 } == true)
        #expect(lines.dropFirst().first?.message.hasPrefix("GET /api/v1/challenges/{slug}/submissions 200 ") == true)
        #expect(lines.last?.message.hasPrefix("POST /challenges/{slug}/submit 403 ") == true)
        let text = capture.all.map(\.line).joined(separator: "\n")
        #expect(!text.contains(token))
        #expect(!text.contains("not-a-real-form-token-7731"))
        #expect(!text.contains("wine"))
    }

    /// An error the server does not expect is logged with its request before the bare 500.
    @Test func anUnexpectedErrorIsLoggedBeforeThe500() async throws {
        let capture = LogCapture()
        _ = try SubmissionService(world.store).submit(
            challenge: "wine", team: .name("alpha"), file: root.appending(path: "submissions/wine/alpha/01-class-prior.csv"))
        try await world.store.writer.write { db in try db.execute(sql: "UPDATE scoreSet SET scoresJSON = '{\"metric\": 1}'") }
        try await app(capture).test(.router) { client in
            try await client.execute(uri: "/api/v1/challenges/wine/leaderboard", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(!text(response).contains("metric"))
            }
        }
        let error = try #require(capture.all.first { $0.message == "unexpected error" })
        #expect(error.level == .error)
        #expect(error.metadata["http.route"] == "/api/v1/challenges/{slug}/leaderboard")
        #expect(error.metadata["error"]?.isEmpty == false)
        #expect(capture.all.contains { $0.message.hasPrefix("GET /api/v1/challenges/{slug}/leaderboard 500 ") })
    }
}
