import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import PodiumStore
import Testing

@testable import PodiumServer

/// What an attacker tried, with a browser or curl, against `podium serve`.
@Suite struct SecurityTests {
    let world: World
    init() throws { world = try World() }

    /// A visitor's session and the form token of its pages.
    func visit(_ client: some TestClientProtocol) async throws -> (cookie: String, token: String) {
        try await client.execute(uri: "/signin", method: .get) { response in
            let page = text(response)
            let start = try #require(page.range(of: "name=\"csrf\" value=\""))
            let token = String(page[start.upperBound...].prefix { $0 != "\"" })
            return ("\(SessionCookies.name)=\(try #require(cookies(response)[SessionCookies.name]))", token)
        }
    }

    func signIn(_ extra: HTTPFields, _ client: some TestClientProtocol) async throws -> HTTPResponse.Status {
        let (cookie, token) = try await visit(client)
        var headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
        headers.append(contentsOf: extra)
        return try await client.execute(
            uri: "/signin", method: .post, headers: headers, body: ByteBuffer(string: "token=\(world.instructor)&csrf=\(token)")
        ) { $0.status }
    }

    /// A page on another port of the same host (same-site, not same-origin) or another site
    /// posts a form with a visitor's own valid session and token: refused.
    @Test func formsFromElsewhereAreRefused() async throws {
        try await world.app().test(.router) { client in
            let cases: [(HTTPFields, HTTPResponse.Status)] = [
                ([:], .seeOther),
                ([.init("Sec-Fetch-Site")!: "same-origin"], .seeOther),
                ([.init("Sec-Fetch-Site")!: "same-site"], .forbidden),
                ([.init("Sec-Fetch-Site")!: "cross-site"], .forbidden),
                ([.init("Origin")!: "http://localhost:9999"], .forbidden),
                ([.init("Origin")!: "null"], .forbidden),
            ]
            for (headers, expected) in cases {
                let status = try await signIn(headers, client)
                #expect(status == expected, "\(headers)")
            }
        }
    }

    /// A post without a form token is refused before its body is read: a 65 MiB upload gets
    /// 403, not the 413 that reading it would give.
    @Test func anUnauthenticatedUploadIsRefusedBeforeItsBodyIsRead() async throws {
        try await world.app(maxUploadBytes: 1 << 20).test(.router) { client in
            let (headers, body) = multipart([("token", "team_nope")], file: ByteBuffer(repeating: 0x41, count: 2 << 20), name: "big.csv")
            try await client.execute(uri: "/challenges/breast-cancer/submit", method: .post, headers: headers, body: body) {
                #expect($0.status == .forbidden)
            }
        }
    }

    /// A form that cannot be decoded is the sender's fault: 400 with a message, not 500.
    @Test func malformedFormsAre400() async throws {
        try await world.app().test(.router) { client in
            let (cookie, token) = try await visit(client)
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            for body in ["csrf=\(token)", "csrf=\(token)&token[a]=1&token[b]=2", "csrf=\(token)&%%%"] {
                try await client.execute(uri: "/signin", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status.code < 500, "\(body): \(response.status)")
                }
            }
        }
    }

    /// A body past the bound its route collects it with (a form past 64 KiB, with or without
    /// a session; a supervisor's marks past 1 MiB) is 413 with a message, not 500.
    @Test func oversizedBodiesAre413() async throws {
        try await world.app().test(.router) { client in
            let (cookie, token) = try await visit(client)
            let big = String(repeating: "a=", count: 100_000)
            for headers: HTTPFields in [
                [.contentType: "application/x-www-form-urlencoded"], [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
            ] {
                try await client.execute(uri: "/signin", method: .post, headers: headers, body: ByteBuffer(string: big + "csrf=\(token)")) {
                    response in
                    #expect(response.status == .contentTooLarge, "\(response.status)")
                    #expect(text(response).contains("larger than this route accepts"))
                }
            }
            let supervisor = try #require(
                try SupervisionService(world.store).add(
                    name: "Ada Lovelace", email: "ada@lab.example.fr", challenge: "breast-cancer", teams: ["alpha"]
                )
                .token)
            try await client.execute(
                uri: "/api/v1/challenges/breast-cancer/teams/alpha/marks", method: .put, headers: bearer(supervisor),
                body: ByteBuffer(repeating: 0x20, count: 2 << 20)
            ) { response in
                #expect(response.status == .contentTooLarge, "\(response.status)")
            }
        }
    }

    /// Students' names are for the instructor (and their own team); the public sees team names.
    @Test func publicBoardsShowTeamNamesOnly() async throws {
        _ = try SubmissionService(world.store).submit(
            challenge: "breast-cancer", team: .name("alpha"), file: root.appending(path: "submissions/breast-cancer/charlie/01-random-forest.csv"))
        let member = try #require(
            try BoardService(world.store).leaderboard("breast-cancer", board: .public).rows.first { $0.team == "alpha" }?.members.first)
        try await world.app().test(.router) { client in
            for uri in ["/challenges/breast-cancer", "/api/v1/challenges/breast-cancer/leaderboard"] {
                try await client.execute(uri: uri, method: .get) { #expect(!text($0).contains(member), "\(uri) shows \(member)") }
            }
            try await client.execute(uri: "/api/v1/challenges/breast-cancer/leaderboard", method: .get, headers: bearer(world.instructor)) {
                #expect(text($0).contains(member))
            }
        }
    }

    /// A team called `=HYPERLINK(...)` is text in the grade sheet and the board's CSV.
    @Test func spreadsheetFormulasAreNeutralised() {
        let line = CSVWriter.reportLine(["=1+1", "-3.5", "+x", "@SUM(A1)", "\tx", "plain", "12,5"], delimiter: ";")
        #expect(line == "'=1+1;-3.5;'+x;'@SUM(A1);'\tx;plain;12,5\n")
    }

    /// Wrong methods say what is allowed; HEAD answers as GET without a body; an unknown API
    /// route answers in JSON.
    @Test func methodsAndUnknownRoutes() async throws {
        try await world.app().test(.router) { client in
            try await client.execute(uri: "/api/v1/challenges", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/signout", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/", method: .trace) { #expect($0.status == .methodNotAllowed) }
            try await client.execute(uri: "/api/v1/challenges", method: .init("QUERY")!) { #expect($0.status == .methodNotAllowed) }
            try await client.execute(uri: "/api/v1/challenges/wine/leaderboard", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/api/v1/challenges", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/api/v1/nope/nothing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(text(response).contains("openapi.yaml"))
            }
        }
    }

    /// Behind HTTPS (`--public-url https://…`) the session cookie is sent over HTTPS only.
    @Test func cookiesAreSecureBehindHTTPS() async throws {
        var configuration = ServerConfiguration(sessionKey: Data(repeating: 7, count: 32))
        configuration.publicURL = URL(string: "https://podium.example.fr/")
        try await buildApplication(store: world.store, configuration: configuration).test(.router) { client in
            try await client.execute(uri: "/signin", method: .get) { response in
                #expect(response.headers[.setCookie]?.contains("Secure") == true)
            }
        }
        try await world.app().test(.router) { client in
            try await client.execute(uri: "/signin", method: .get) { response in
                #expect(response.headers[.setCookie]?.contains("Secure") == false)
            }
        }
    }

    /// A connection that goes silent (here in the middle of its request line) is closed after
    /// the idle time, so slow clients cannot hold the server's connections.
    @Test func aSilentConnectionIsClosed() async throws {
        var configuration = ServerConfiguration(port: 0, sessionKey: Data(repeating: 7, count: 32))
        configuration.idleSeconds = 1
        try await buildApplication(store: world.store, configuration: configuration).test(.live) { client in
            let connection = try RawConnection(port: try #require(client.port), timeout: 8)
            let start = Date()
            connection.send(Data("GET / HTTP/1.1\r\nHost: 127".utf8))
            var byte: UInt8 = 0
            let read = recv(connection.fd, &byte, 1, 0)
            #expect(read == 0, "the connection is still open")
            #expect(Date().timeIntervalSince(start) < 6)
        }
    }

    /// A new instructor token replacing the others (`serve --new-instructor-token`, after a
    /// leak) ends the sessions signed in with them, and the old token stops working.
    @Test func replacingTheInstructorTokenEndsItsSessions() async throws {
        try await world.app().test(.router) { client in
            let (cookie, token) = try await visit(client)
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let session = try await client.execute(
                uri: "/signin", method: .post, headers: headers, body: ByteBuffer(string: "token=\(world.instructor)&csrf=\(token)")
            ) { try #require(cookies($0)[SessionCookies.name]) }
            let signedIn: HTTPFields = [.cookie: "\(SessionCookies.name)=\(session)"]
            try await client.execute(uri: "/instructor", method: .get, headers: signedIn) { #expect($0.status == .ok) }
            let replacement = try TokenService(world.store).createInstructorToken(replacingOthers: true)
            try await client.execute(uri: "/instructor", method: .get, headers: signedIn) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/api/v1/challenges/wine/grades.csv", method: .get, headers: bearer(world.instructor)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/challenges/wine/grades.csv", method: .get, headers: bearer(replacement)) {
                #expect($0.status == .ok)
            }
        }
    }
}
