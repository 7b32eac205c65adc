import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import PodiumStore
import Synchronization
import Testing

@testable import PodiumServer

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

final class Clock: Sendable {
    private let date = Mutex(ISO8601.parse("2027-01-15T10:00:00+01:00")!)
    var now: Date { date.withLock { $0 } }
    func set(_ text: String) { date.withLock { $0 = ISO8601.parse(text)! } }
}

/// A store with two published examples, the demo roster, and the tokens.
struct World {
    let folder: TemporaryDirectory
    let clock = Clock()
    let store: Store
    let instructor: String
    let tokens: [String: [String: String]]  // slug → team → token

    init() throws {
        folder = try TemporaryDirectory(prefix: "podium-server-test")
        let clock = self.clock
        store = try Store.inMemory(archiveFolder: folder.url.appending(path: "archive"), clock: { clock.now })
        var tokens: [String: [String: String]] = [:]
        for slug in ["breast-cancer", "wine"] {
            let packed = try PodiumBundle.pack(Challenge.open(root.appending(path: "challenges/\(slug)")), to: folder.url)
            _ = try store.publish(bundle: packed.bundle)
            let roster = try store.importRoster(root.appending(path: "submissions/roster.csv"), challenge: slug)
            tokens[slug] = Dictionary(uniqueKeysWithValues: roster.newTeams.map { ($0.team, $0.token) })
        }
        self.tokens = tokens
        instructor = try store.createInstructorToken()
    }

    func app(maxUploadBytes: Int = 8 << 20) -> some ApplicationProtocol {
        buildApplication(store: store, configuration: ServerConfiguration(maxUploadBytes: maxUploadBytes, sessionKey: Data(repeating: 7, count: 32)))
    }

    func file(_ path: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try Data(contentsOf: root.appending(path: "submissions/\(path)")))
    }
}

func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

func json(_ response: TestResponse) throws -> Any { try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) }

func text(_ response: TestResponse) -> String { String(buffer: response.body) }

func multipart(_ fields: [(String, String)], file: ByteBuffer, name: String) -> (HTTPFields, ByteBuffer) {
    let boundary = "podium-test-boundary"
    var body = ByteBuffer()
    for (key, value) in fields {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n")
    }
    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n")
    var copy = file
    body.writeBuffer(&copy)
    body.writeString("\r\n--\(boundary)--\r\n")
    return ([.contentType: "multipart/form-data; boundary=\(boundary)"], body)
}

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
        _ = try world.store.submit(
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
            _ = try world.store.reveal("breast-cancer")
            try await client.execute(uri: board + "?board=private", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func historiesAndGrades() async throws {
        _ = try world.store.submit(
            challenge: "breast-cancer", team: .token(alpha), file: root.appending(path: "submissions/breast-cancer/bravo/01-logreg.csv"))
        _ = try world.store.submit(
            challenge: "breast-cancer", team: .name("bravo"), file: root.appending(path: "submissions/breast-cancer/alpha/01-constant.csv"))
        let grades = "/api/v1/challenges/breast-cancer/grades.csv"
        try await world.app().test(.router) { client in
            try await client.execute(uri: submissions, method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: submissions, method: .get, headers: bearer(alpha)) { response in
                #expect(response.status == .ok)
                let rows = try #require(try json(response) as? [[String: Any]])
                #expect(rows.count == 1 && rows[0]["team"] as? String == "alpha")
                #expect(rows[0]["privateScore"] == nil && !text(response).contains("privateScores"))
            }
            try await client.execute(uri: submissions, method: .get, headers: bearer(world.instructor)) { response in
                let rows = try #require(try json(response) as? [[String: Any]])
                #expect(rows.count == 2 && rows.allSatisfy { $0["privateScore"] != nil })
            }
            try await client.execute(uri: grades, method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: grades, method: .get, headers: bearer(alpha)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: grades, method: .get, headers: bearer(world.instructor)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(text(response).hasPrefix("student_id,name,email,team,score,rank,challenge_grade,notes\n"))
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
                #expect(api.count == 5)
                for (method, path) in api.map({ ($0.method.rawValue.lowercased(), $0.path) }) {
                    let block = try #require(doc.components(separatedBy: "  \(path):\n").dropFirst().first, "\(path) is not documented")
                    let section = block.components(separatedBy: "\n  /").first!
                    #expect(section.contains("    \(method):"), "\(method) \(path) is not documented")
                }
                for status in ["201", "401", "403", "404", "409", "413", "422", "429"] { #expect(doc.contains("\"\(status)\":")) }
            }
        }
    }

    @Test func privateScoresLeakNowhereBeforeTheReveal() async throws {
        let receipt = try world.store.submit(
            challenge: "breast-cancer", team: .token(alpha), file: root.appending(path: "submissions/breast-cancer/charlie/01-random-forest.csv"))
        let privateScore = try #require(try world.store.submissions("breast-cancer").first { $0.id == receipt.id }?.privateScore)
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

@Suite struct PageTests {
    let world: World
    init() throws { world = try World() }

    /// Cookies of a response, as `name=value` pairs for the next request.
    func cookies(_ response: TestResponse) -> [String: String] {
        var result: [String: String] = [:]
        for field in response.headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { result[String(pair[0])] = String(pair[1]) }
        }
        return result
    }

    func cookieHeader(_ cookies: [String: String]) -> HTTPFields {
        [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    /// The form token of a page (its first hidden `csrf` field, or an upload form's `?csrf=`).
    func formToken(_ page: String) -> String? {
        for marker in ["name=\"csrf\" value=\"", "?csrf="] {
            if let start = page.range(of: marker) {
                return String(page[start.upperBound...].prefix { $0 != "\"" && $0 != "&" })
            }
        }
        return nil
    }

    /// Opens a page as a browser would: the cookies it sets go in the jar; returns its form token.
    func open(_ uri: String, _ client: some TestClientProtocol, jar: inout [String: String]) async throws -> String {
        let (page, set) = try await client.execute(uri: uri, method: .get, headers: cookieHeader(jar)) { (text($0), cookies($0)) }
        jar.merge(set) { $1 }
        return try #require(formToken(page), "\(uri) has no form")
    }

    func form(_ pairs: [String: String], cookies: [String: String]) -> (HTTPFields, ByteBuffer) {
        var headers = cookieHeader(cookies)
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = pairs.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return (headers, ByteBuffer(string: body))
    }

    @Test func publicPages() async throws {
        try await world.app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response).contains("Breast cancer diagnosis (Wisconsin)"))
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            }
            try await client.execute(uri: "/challenges/wine", method: .get) { response in
                let page = text(response)
                #expect(page.contains("<h2>Public leaderboard</h2>") && page.contains("No scored submission yet"))
                #expect(page.contains("<h2>Overview</h2>"))  // the README rendered from Markdown
                #expect(!page.contains("<script"))
            }
            try await client.execute(uri: "/challenges/wine/starting-kit", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/zip")
            }
            try await client.execute(uri: "/challenges/nope", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/instructor", method: .get) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/challenges/wine/team", method: .get) { #expect($0.status == .seeOther) }
        }
    }

    @Test func signInSessionsAndCSRF() async throws {
        try await world.app().test(.router) { client in
            var jar: [String: String] = [:]
            let csrf = try await open("/signin", client, jar: &jar)
            // Without the form's CSRF field: refused.
            let (h1, b1) = form(["token": world.instructor], cookies: jar)
            try await client.execute(uri: "/signin", method: .post, headers: h1, body: b1) { #expect($0.status == .forbidden) }
            let (h2, b2) = form(["token": "wrong", "csrf": csrf], cookies: jar)
            try await client.execute(uri: "/signin", method: .post, headers: h2, body: b2) { #expect($0.status == .unauthorized) }
            let (h3, b3) = form(["token": world.instructor, "csrf": csrf], cookies: jar)
            try await client.execute(uri: "/signin", method: .post, headers: h3, body: b3) { response in
                #expect(response.status == .seeOther)
                let setCookie = response.headers[.setCookie] ?? ""
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
                jar.merge(cookies(response)) { $1 }
            }
            try await client.execute(uri: "/instructor/breast-cancer", method: .get, headers: cookieHeader(jar)) { response in
                #expect(response.status == .ok)
                #expect(text(response).contains("Private leaderboard") && text(response).contains("<svg"))
            }
            try await client.execute(uri: "/instructor/breast-cancer/grades.csv", method: .get, headers: cookieHeader(jar)) {
                #expect($0.status == .ok)
            }
            // A tampered session is nobody's.
            var forged = jar
            forged[SessionCookies.name] = jar[SessionCookies.name]!.replacingOccurrences(of: ".", with: "x.")
            try await client.execute(uri: "/instructor", method: .get, headers: cookieHeader(forged)) { #expect($0.status == .seeOther) }
            // Reveal needs the CSRF field too.
            let (h4, b4) = form([:], cookies: jar)
            try await client.execute(uri: "/instructor/breast-cancer/reveal", method: .post, headers: h4, body: b4) {
                #expect($0.status == .forbidden)
            }
            // Nor does the token of the session before the sign-in.
            let (h6, b6) = form(["csrf": csrf], cookies: jar)
            try await client.execute(uri: "/instructor/breast-cancer/reveal", method: .post, headers: h6, body: b6) {
                #expect($0.status == .forbidden)
            }
            #expect(try world.store.isRevealed("breast-cancer") == false)
            let signedIn = try await open("/instructor/breast-cancer", client, jar: &jar)
            let (h5, b5) = form(["csrf": signedIn], cookies: jar)
            try await client.execute(uri: "/instructor/breast-cancer/reveal", method: .post, headers: h5, body: b5) {
                #expect($0.status == .seeOther)
            }
            #expect(try world.store.isRevealed("breast-cancer"))
        }
    }

    @Test func teamSubmitsFromTheFormAndSelects() async throws {
        let token = world.tokens["breast-cancer"]!["charlie"]!
        try await world.app().test(.router) { client in
            var jar: [String: String] = [:]
            let csrf = try await open("/challenges/breast-cancer", client, jar: &jar)
            let (fh, fb) = multipart(
                [("token", token)], file: try world.file("breast-cancer/charlie/01-random-forest.csv"), name: "rf.csv")
            try await client.execute(
                uri: "/challenges/breast-cancer/submit?csrf=\(csrf)", method: .post, headers: fh.merging(cookieHeader(jar)), body: fb
            ) {
                response in
                #expect(response.status == .created)
                #expect(text(response).contains("Accepted: <strong>roc_auc 0.97950</strong>"))
            }
            let (bh, bb) = multipart(
                [("token", token)], file: try world.file("breast-cancer/delta/01-broken.csv"), name: "broken.csv")
            try await client.execute(
                uri: "/challenges/breast-cancer/submit?csrf=\(csrf)", method: .post, headers: bh.merging(cookieHeader(jar)), body: bb
            ) {
                response in
                #expect(response.status == .unprocessableContent)
                #expect(text(response).contains("line 5: diagnosis = 1.7 is not a probability between 0 and 1"))
            }
            let (nh, nb) = multipart([("token", token)], file: try world.file("breast-cancer/charlie/01-random-forest.csv"), name: "rf.csv")
            try await client.execute(uri: "/challenges/breast-cancer/submit", method: .post, headers: nh.merging(cookieHeader(jar)), body: nb) {
                #expect($0.status == .forbidden)
            }

            let (sh, sb) = form(["token": token, "csrf": csrf], cookies: jar)
            try await client.execute(uri: "/signin", method: .post, headers: sh, body: sb) { response in
                #expect(response.headers[.location] == "/challenges/breast-cancer/team")
                jar.merge(cookies(response)) { $1 }
            }
            let id = try #require(try world.store.submissions("breast-cancer", team: "charlie").first { $0.status == .accepted }?.id)
            try await client.execute(uri: "/challenges/breast-cancer/team", method: .get, headers: cookieHeader(jar)) { response in
                #expect(response.status == .ok && text(response).contains("name=\"ids[]\" value=\"\(id)\""))
            }
            let teamToken = try await open("/challenges/breast-cancer/team", client, jar: &jar)
            let (selh, selb) = form(["ids[]": "\(id)", "csrf": teamToken], cookies: jar)
            try await client.execute(uri: "/challenges/breast-cancer/team/select", method: .post, headers: selh, body: selb) {
                #expect($0.status == .seeOther)
            }
            #expect(try world.store.submissions("breast-cancer", team: "charlie").first { $0.id == id }?.selected == true)
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var result = self
        for field in other { result.append(field) }
        return result
    }
}
