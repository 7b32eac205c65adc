import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import Synchronization
import Testing

@testable import PodiumServer
@testable import PodiumStore

@Suite struct APITests {
    let world: World
    init() throws { world = try World() }

    var alpha: String { world.tokens["breast-cancer"]!["alpha"]! }
    let submissions = "/api/v1/challenges/breast-cancer/submissions"

    @Test func submitStatuses() async throws {
        let good = try world.file("breast-cancer/bravo/01-logreg.csv")
        try await world.app().test(.router) { client in
            try await client.execute(uri: submissions, method: .post, body: good) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: submissions, method: .post, headers: bearer("team_nope"), body: good) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: submissions, method: .post, headers: bearer(world.instructor), body: good) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: submissions, method: .post, headers: bearer(world.tokens["wine"]!["alpha"]!), body: good) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/challenges/nope/submissions", method: .post, headers: bearer(alpha), body: good) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: submissions, method: .post, headers: bearer(alpha), body: good) { response in
                #expect(response.status == .created)
                let body = try #require(try json(response) as? [String: Any])
                #expect(body["id"] as? Int != nil)
                #expect(abs((body["publicScore"] as? Double ?? 0) - 0.9976851851851852) < 1e-12)
                #expect(body["leftToday"] as? Int == 4)
                #expect(text(response).contains("private") == false)
            }
            let broken = try world.file("breast-cancer/delta/01-broken.csv")
            try await client.execute(uri: submissions, method: .post, headers: bearer(alpha), body: broken) { response in
                #expect(response.status == .unprocessableContent)
                let body = try #require(try json(response) as? [String: Any])
                let problems = try #require(body["problems"] as? [String: Any])
                #expect((problems["groups"] as? [Any])?.count == 5)
                #expect(!text(response).contains("malignant"))
            }
            let (headers, body) = multipart([], file: good, name: "predictions.csv")
            try await client.execute(uri: submissions, method: .post, headers: headers.merging(bearer(alpha)), body: body) {
                #expect($0.status == .created)
            }
        }
    }

    @Test func limitsPhasesAndSize() async throws {
        let good = try world.file("breast-cancer/charlie/01-random-forest.csv")
        try await world.app(maxUploadBytes: 1000).test(.router) { client in
            try await client.execute(uri: submissions, method: .post, headers: bearer(alpha), body: good) { #expect($0.status == .contentTooLarge) }
        }
        try await world.app().test(.router) { client in
            for _ in 0..<5 {
                try await client.execute(uri: submissions, method: .post, headers: bearer(alpha), body: good) { #expect($0.status == .created) }
            }
            try await client.execute(uri: submissions, method: .post, headers: bearer(alpha), body: good) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[HTTPField.Name("Retry-After")!] != nil)
                #expect(text(response).contains("max_per_day"))
            }
            world.clock.set("2030-01-01T10:00:00+01:00")
            try await client.execute(uri: submissions, method: .post, headers: bearer(world.tokens["breast-cancer"]!["bravo"]!), body: good) {
                response in
                #expect(response.status == .conflict)
                #expect(text(response).contains("closed"))
            }
        }
    }

    @Test func leaderboardsAndTheReveal() async throws {
        _ = try SubmissionService(world.store).submit(
            challenge: "breast-cancer", team: .token(alpha), file: root.appending(path: "submissions/breast-cancer/bravo/01-logreg.csv"))
        let board = "/api/v1/challenges/breast-cancer/leaderboard"
        try await world.app().test(.router) { client in
            try await client.execute(uri: board, method: .get) { response in
                #expect(response.status == .ok)
                let body = try #require(try json(response) as? [String: Any])
                #expect(body["board"] as? String == "public")
            }
            try await client.execute(uri: board + "?board=private", method: .get) { #expect($0.status == .forbidden) }
            try await client.execute(uri: board + "?board=private", method: .get, headers: bearer(alpha)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: board + "?board=private", method: .get, headers: bearer(world.instructor)) { #expect($0.status == .ok) }
            try await client.execute(uri: board + "?board=sideways", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/challenges/nope/leaderboard", method: .get) { #expect($0.status == .notFound) }
            _ = try BoardService(world.store).reveal("breast-cancer")
            try await client.execute(uri: board + "?board=private", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func historiesAndGrades() async throws {
        _ = try SubmissionService(world.store).submit(
            challenge: "breast-cancer", team: .token(alpha), file: root.appending(path: "submissions/breast-cancer/bravo/01-logreg.csv"))
        _ = try SubmissionService(world.store).submit(
            challenge: "breast-cancer", team: .name("bravo"), file: root.appending(path: "submissions/breast-cancer/alpha/01-constant.csv"))
        let grades = "/api/v1/challenges/breast-cancer/grades.csv"
        try await world.app().test(.router) { client in
            try await client.execute(uri: submissions, method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: submissions, method: .get, headers: bearer(alpha)) { response in
                #expect(response.status == .ok)
                let rows = try #require(try json(response) as? [[String: Any]])
                #expect(rows.count == 1)
                #expect(rows[0]["team"] as? String == "alpha")
                #expect(rows[0]["privateScore"] == nil)
                #expect(!text(response).contains("privateScores"))
            }
            try await client.execute(uri: submissions, method: .get, headers: bearer(world.instructor)) { response in
                let rows = try #require(try json(response) as? [[String: Any]])
                #expect(rows.count == 2)
                #expect(rows.allSatisfy { $0["privateScore"] != nil })
            }
            try await client.execute(uri: grades, method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: grades, method: .get, headers: bearer(alpha)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: grades, method: .get, headers: bearer(world.instructor)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                // breast-cancer takes a report (grading.report): its marks and the TER grade are columns.
                #expect(
                    text(response).hasPrefix("student_id,name,email,team,score,rank,challenge_grade,grade_low,grade_high,report,ter_grade,notes\n"))
            }
        }
    }

    @Test func healthIsOKWhileTheStoreAnswers() async throws {
        try await world.app().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response) == #"{"status": "ok"}"#)
            }
        }
        // The store's file gone from under the server: 503, said so.
        let broken = try World()
        try await broken.store.writer.write { db in try db.execute(sql: "DROP TABLE challenge") }
        try await broken.app().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(text(response).contains("unavailable"))
            }
        }
    }

    @Test func openAPIDescribesEveryRoute() async throws {
        try await world.app().test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                let doc = text(response)
                #expect(doc.hasPrefix("openapi: 3"))
                let routes = Routes(store: world.store, cookies: SessionCookies(key: Data(count: 32), lifetime: 60), maxUploadBytes: 1)
                let api = routes.all.filter { $0.surface == .api }
                #expect(api.count == 13)
                for (method, path) in api.map({ ($0.method.rawValue.lowercased(), $0.path) }) {
                    let block = try #require(doc.components(separatedBy: "  \(path):\n").dropFirst().first, "\(path) is not documented")
                    let section = block.components(separatedBy: "\n  /").first!
                    #expect(section.contains("    \(method):"), "\(method) \(path) is not documented")
                }
                for status in ["201", "202", "401", "403", "404", "409", "413", "422", "429"] { #expect(doc.contains("\"\(status)\":")) }
                // The problem kinds a 422 lists: the document's enum is the scorer's, all of it.
                let kinds = try #require(
                    doc.components(separatedBy: "enum: [unreadable_file").dropFirst().first.map { "unreadable_file" + $0.prefix { $0 != "]" } })
                #expect(kinds.components(separatedBy: ", ") == ProblemKind.allCases.map(\.rawValue))
            }
        }
    }

    @Test func privateScoresLeakNowhereBeforeTheReveal() async throws {
        let receipt = try SubmissionService(world.store).submit(
            challenge: "breast-cancer", team: .token(alpha), file: root.appending(path: "submissions/breast-cancer/charlie/01-random-forest.csv"))
        let privateScore = try #require(try HistoryService(world.store).submissions("breast-cancer").first { $0.id == receipt.id }?.privateScore)
        let hidden = [Formats.score(privateScore), "\(privateScore)"]
        try await world.app().test(.router) { client in
            var pages: [String] = []
            for uri in ["/", "/challenges/breast-cancer", "/api/v1/challenges/breast-cancer/leaderboard", "/api/v1/challenges"] {
                try await client.execute(uri: uri, method: .get) { pages.append(text($0)) }
            }
            for uri in [submissions, "/api/v1/challenges/breast-cancer/leaderboard"] {
                try await client.execute(uri: uri, method: .get, headers: bearer(alpha)) { pages.append(text($0)) }
            }
            for page in pages {
                for value in hidden { #expect(!page.contains(value), "private score \(value) leaked") }
            }
        }
    }
}
