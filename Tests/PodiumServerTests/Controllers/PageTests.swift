import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import PodiumStore
import Synchronization
import Testing

@testable import PodiumServer

@Suite struct PageTests {
    let world: World
    init() throws { world = try World() }

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
                // Overview: the README rendered from Markdown, the standings and a submit form.
                #expect(page.contains("<h2>Overview</h2>"))
                #expect(page.contains("<h2>Public leaderboard</h2>"))
                #expect(page.contains("name=\"file\""))
                #expect(page.contains("name=\"message\""))
                #expect(!page.contains("<script"))
            }
            try await client.execute(uri: "/challenges/wine/leaderboard", method: .get) { response in
                let page = text(response)
                #expect(page.contains("<h2>Public leaderboard</h2>"))
                #expect(page.contains("No scored submission yet"))
            }
            try await client.execute(uri: "/challenges/wine/starting-kit", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/zip")
            }
            try await client.execute(uri: "/challenges/nope", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/instructor", method: .get) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/challenges/wine/team", method: .get) { #expect($0.status == .seeOther) }
        }
    }

    /// The web board draws each team's interval with tiers as bands, and says who is tied.
    @Test func boardsShowIntervalsAndTiers() async throws {
        for (team, file) in [("bravo", "breast-cancer/bravo/01-logreg.csv"), ("charlie", "breast-cancer/charlie/02-gradient-boosting.csv")] {
            _ = try SubmissionService(world.store).submit(
                challenge: "breast-cancer", team: .name(team), file: root.appending(path: "submissions/\(file)"))
        }
        try await world.app().test(.router) { client in
            try await client.execute(uri: "/challenges/breast-cancer/leaderboard", method: .get) { response in
                let page = text(response)
                #expect(page.contains("aria-label=\"Scores with their 95% intervals and tiers, public board\""))
                #expect(page.contains("tied with leader"))
                #expect(page.contains("1 (tied with the leader)"))
                #expect(page.contains("95% interval"))
                #expect(page.contains("<th>beats next</th>"))
                #expect(page.contains("statistically tied with the leader"))
                #expect(!page.contains("<script"))
            }
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
                #expect(setCookie.contains("HttpOnly"))
                #expect(setCookie.contains("SameSite=Strict"))
                jar.merge(cookies(response)) { $1 }
            }
            try await client.execute(uri: "/instructor/breast-cancer", method: .get, headers: cookieHeader(jar)) { response in
                #expect(response.status == .ok)
                #expect(text(response).contains("Private leaderboard"))
                #expect(text(response).contains("<svg"))
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
            #expect(try BoardService(world.store).isRevealed("breast-cancer") == false)
            let signedIn = try await open("/instructor/breast-cancer", client, jar: &jar)
            // Irreversible: the box must be ticked.
            let (h7, b7) = form(["csrf": signedIn], cookies: jar)
            try await client.execute(uri: "/instructor/breast-cancer/reveal", method: .post, headers: h7, body: b7) {
                #expect($0.status == .badRequest)
            }
            #expect(try BoardService(world.store).isRevealed("breast-cancer") == false)
            let (h5, b5) = form(["csrf": signedIn, "confirm": "yes"], cookies: jar)
            try await client.execute(uri: "/instructor/breast-cancer/reveal", method: .post, headers: h5, body: b5) {
                #expect($0.status == .seeOther)
            }
            #expect(try BoardService(world.store).isRevealed("breast-cancer"))
            // Signing out ends the session on the server: a copy of its cookie is nobody's.
            let (h8, b8) = form(["csrf": signedIn], cookies: jar)
            try await client.execute(uri: "/signout", method: .post, headers: h8, body: b8) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/instructor", method: .get, headers: cookieHeader(jar)) { #expect($0.status == .seeOther) }
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
            let id = try #require(try HistoryService(world.store).submissions("breast-cancer", team: "charlie").first { $0.status == .accepted }?.id)
            try await client.execute(uri: "/challenges/breast-cancer/team", method: .get, headers: cookieHeader(jar)) { response in
                #expect(response.status == .ok)
                #expect(text(response).contains("name=\"ids[]\" value=\"\(id)\""))
            }
            let teamToken = try await open("/challenges/breast-cancer/team", client, jar: &jar)
            let (selh, selb) = form(["ids[]": "\(id)", "csrf": teamToken], cookies: jar)
            try await client.execute(uri: "/challenges/breast-cancer/team/select", method: .post, headers: selh, body: selb) {
                #expect($0.status == .seeOther)
            }
            #expect(try HistoryService(world.store).submissions("breast-cancer", team: "charlie").first { $0.id == id }?.selected == true)
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
