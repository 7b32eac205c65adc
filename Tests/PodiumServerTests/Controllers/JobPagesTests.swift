import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import PodiumStore
import Testing

@testable import PodiumServer

/// Issue 17: a challenge's pages by job, in French or English, submissions that can be told
/// apart and downloaded, the instructor's filtered list and the reveal's own page.
@Suite struct JobPagesTests {
    let world: World
    init() throws { world = try World() }

    var alpha: String { world.tokens["breast-cancer"]!["alpha"]! }

    func signedIn(_ token: String, _ client: some TestClientProtocol) async throws -> [String: String] {
        try await signIn(token, client)
    }

    func jarHeader(_ jar: [String: String]) -> HTTPFields { [.cookie: jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")] }

    @Test func eachJobHasItsTab() async throws {
        try await world.app().test(.router) { client in
            let tabs = [
                ("/challenges/wine", "Overview"), ("/challenges/wine/data", "Data"), ("/challenges/wine/leaderboard", "Leaderboard"),
                ("/challenges/wine/submit", "Submit"),
            ]
            for (uri, current) in tabs {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    let page = text(response)
                    #expect(page.contains("<nav class=\"tabs\""), "\(uri)")
                    #expect(page.contains("aria-current=\"page\">\(current)</a>"), "\(uri)")
                    for (other, _) in tabs { #expect(page.contains("href=\"\(other)\""), "\(uri) links \(other)") }
                    #expect(page.contains("href=\"/challenges/wine/team\">My team</a>"))
                    // The state, with the deadline's zone named.
                    #expect(page.contains("class=\"badge"), "\(uri)")
                }
            }
        }
    }

    @Test func theListSaysWhatIsOpenAndUntilWhen() async throws {
        try await world.app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let page = text(response)
                #expect(page.contains("badge open") || page.contains("badge closed") || page.contains("badge upcoming"))
                #expect(page.contains("(Europe/Paris)"))
                #expect(!page.contains("1 teams"))
            }
            // After breast-cancer's last phase has closed, its card says so; wine has no phases.
            world.clock.set("2031-01-01T00:00:00+01:00")
            try await client.execute(uri: "/", method: .get) { response in
                let page = text(response)
                #expect(page.contains("Breast cancer diagnosis (Wisconsin) <span class=\"badge closed\">Closed</span>"))
                #expect(page.contains("closed since <time datetime=\"2029-06-30T23:59:00+02:00\">2029-06-30 23:59:00 GMT+2</time>"))
                #expect(page.contains("Wine cultivars <span class=\"badge open\">Open</span>"))
            }
        }
    }

    @Test func dataListsEachFileAndServesItAsPublished() async throws {
        let train = try Data(contentsOf: root.appending(path: "challenges/wine/data/train.csv"))
        try await world.app().test(.router) { client in
            try await client.execute(uri: "/challenges/wine/data", method: .get) { response in
                let page = text(response)
                #expect(page.contains("<code>data/train.csv</code>"))
                #expect(page.contains("<code>data/test.csv</code>"))
                #expect(page.contains("<code>sample_submission.csv</code>"))
                #expect(page.contains(Formats.bytes(train.count)))
                #expect(page.contains("id,cultivar_1,cultivar_2,cultivar_3"))  // the format, with an example
                #expect(page.contains("/challenges/wine/starting-kit"))
                // Nothing of the answers.
                #expect(!page.contains("solution"))
                #expect(!page.contains("reference/"))
            }
            try await client.execute(uri: "/challenges/wine/download?file=data/train.csv", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Data(response.body.readableBytesView) == train)
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"train.csv\"")
            }
            for bad in ["reference/solution.csv", "../reference/solution.csv", "", "data%2F..%2Freference%2Fsolution.csv"] {
                try await client.execute(uri: "/challenges/wine/download?file=\(bad)", method: .get) { #expect($0.status == .notFound, "\(bad)") }
            }
        }
    }

    @Test func frenchOrEnglish() async throws {
        try await world.app().test(.router) { client in
            try await client.execute(uri: "/challenges/wine/leaderboard", method: .get, headers: [.acceptLanguage: "fr-FR,fr;q=0.9,en;q=0.8"]) {
                let page = text($0)
                #expect(page.contains("<html lang=\"fr\">"))
                #expect(page.contains("Classement public"))
                #expect(page.contains(">Données</a>"))
            }
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9,fr;q=0.5"]) {
                #expect(text($0).contains("<html lang=\"en\">"))
            }
            // The switch wins over the browser and is kept in a cookie.
            var jar: [String: String] = [:]
            try await client.execute(uri: "/challenges/wine?lang=en", method: .get, headers: [.acceptLanguage: "fr"]) { response in
                #expect(text(response).contains("<html lang=\"en\">"))
                jar = cookies(response)
                #expect(jar[Language.cookieName] == "en")
            }
            var headers = jarHeader(jar)
            headers[.acceptLanguage] = "fr"
            try await client.execute(uri: "/challenges/wine/data", method: .get, headers: headers) {
                #expect(text($0).contains("<html lang=\"en\">"))
            }
        }
        #expect(Language.preferred("de-DE,de;q=0.9,fr;q=0.7,en;q=0.6") == .fr)
        #expect(Language.preferred("en-US,en;q=0.9,fr;q=0.8") == .en)
        #expect(Language.preferred("fr;q=0, en;q=0.1") == .en)
        #expect(Language.preferred("de, es") == nil)
        #expect(Language.preferred("fr;q=nope,en") == .en)
    }

    @Test func descriptionsFromTheAPIAndTheFormAreInEveryHistoryButNoBoard() async throws {
        let file = try world.file("breast-cancer/bravo/01-logreg.csv")
        try await world.app().test(.router) { client in
            var headers = bearer(alpha)
            headers[.contentType] = "text/csv"
            headers[.contentDisposition] = "attachment; filename=\"logreg C=0.1.csv\""
            let query = "message=" + "logistic regression, C=0.1".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/api/v1/challenges/breast-cancer/submissions?\(query)", method: .post, headers: headers, body: file) {
                response in
                #expect(response.status == .created)
                let body = try #require(try json(response) as? [String: Any])
                #expect(body["message"] as? String == "logistic regression, C=0.1")
            }
            var (formHeaders, body) = multipart([("message", "second try:\nmore trees")], file: file, name: "boosted (v2).csv")
            formHeaders[.authorization] = "Bearer \(alpha)"
            try await client.execute(uri: "/api/v1/challenges/breast-cancer/submissions", method: .post, headers: formHeaders, body: body) {
                #expect($0.status == .created)
            }
            // Too long: refused before the file is read, nothing recorded.
            let long = String(repeating: "é", count: SubmissionNote.maxCharacters + 1)
            try await client.execute(
                uri: "/api/v1/challenges/breast-cancer/submissions?message=\(long.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                method: .post, headers: headers, body: file
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(text(response).contains("at most 500"))
            }
            try await client.execute(uri: "/api/v1/challenges/breast-cancer/submissions", method: .get, headers: bearer(alpha)) { response in
                let rows = try #require(try json(response) as? [[String: Any]])
                #expect(rows.count == 2)
                #expect(rows.map { $0["message"] as? String } == ["second try: more trees", "logistic regression, C=0.1"])
                #expect(rows.map { $0["fileName"] as? String } == ["boosted (v2).csv", "logreg C=0.1.csv"])
            }
            for uri in ["/api/v1/challenges/breast-cancer/leaderboard", "/challenges/breast-cancer/leaderboard", "/challenges/breast-cancer"] {
                try await client.execute(uri: uri, method: .get) { #expect(!text($0).contains("more trees"), "\(uri)") }
            }
            // The team's own page shows both, to the second, with the zone.
            let jar = try await signedIn(alpha, client)
            try await client.execute(uri: "/challenges/breast-cancer/team", method: .get, headers: jarHeader(jar)) { response in
                let page = text(response)
                #expect(page.contains("second try: more trees"))
                #expect(page.contains("logistic regression, C=0.1"))
                #expect(page.contains("2027-01-15 10:00:00 GMT+1"))
                // The limits in words that do not contradict each other.
                #expect(page.contains("submissions left today"))
                #expect(!page.contains("No daily limit; the count resets"))
            }
            try await client.execute(
                uri: "/challenges/wine/submit", method: .get, headers: jarHeader(try await signedIn(world.tokens["wine"]!["alpha"]!, client))
            ) {
                let page = text($0)
                #expect(page.contains("No daily limit on accepted files"))
                #expect(page.contains("Daily counts start again at"))
            }
        }
    }

    @Test func aTeamDownloadsItsOwnFilesOnly() async throws {
        let bytes = try Data(contentsOf: root.appending(path: "submissions/breast-cancer/bravo/01-logreg.csv"))
        let mine = try SubmissionService(world.store).submit(
            challenge: "breast-cancer", team: .token(alpha), file: root.appending(path: "submissions/breast-cancer/bravo/01-logreg.csv"))
        let theirs = try SubmissionService(world.store).submit(
            challenge: "breast-cancer", team: .name("bravo"), file: root.appending(path: "submissions/breast-cancer/alpha/01-constant.csv"))
        try await world.app().test(.router) { client in
            let jar = try await signedIn(alpha, client)
            try await client.execute(uri: "/challenges/breast-cancer/team/submissions/\(mine.id)", method: .get, headers: jarHeader(jar)) {
                #expect($0.status == .ok)
                #expect(Data($0.body.readableBytesView) == bytes)
                #expect($0.headers[.contentDisposition] == "attachment; filename=\"01-logreg.csv\"")
            }
            try await client.execute(uri: "/challenges/breast-cancer/team/submissions/\(theirs.id)", method: .get, headers: jarHeader(jar)) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/challenges/breast-cancer/team/submissions/\(mine.id)", method: .get) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/challenges/breast-cancer/team", method: .get, headers: jarHeader(jar)) {
                #expect(text($0).contains("href=\"/challenges/breast-cancer/team/submissions/\(mine.id)\" download"))
            }
        }
        #expect(Response.contentDisposition("modèle.csv") == "attachment; filename=\"mod_le.csv\"; filename*=UTF-8''mod%C3%A8le.csv")
    }

    /// A path whose submission, run or report version is not a number (`abc`, `-1`, `0`,
    /// thirty digits) is a 404 that says what it was, on every route that takes one (the
    /// API's read it as "no submission #0").
    @Test func aPathWhoseNumberIsNotOneSaysSo() async throws {
        try await world.app().test(.router) { client in
            let jar = try await signedIn(alpha, client)
            let instructor = try await signedIn(world.instructor, client)
            for bad in ["abc", "-1", "0", "999999999999999999999999999999"] {
                let routes: [(String, HTTPFields, String)] = [
                    ("/api/v1/challenges/breast-cancer/submissions/\(bad)", bearer(alpha), "submission"),
                    ("/api/v1/challenges/breast-cancer/submissions/\(bad)/log", bearer(alpha), "submission"),
                    ("/challenges/breast-cancer/team/submissions/\(bad)", jarHeader(jar), "submission"),
                    ("/challenges/breast-cancer/team/runs/\(bad)", jarHeader(jar), "run"),
                    ("/challenges/breast-cancer/team/report/\(bad)", jarHeader(jar), "report version"),
                    ("/instructor/breast-cancer/submissions/\(bad)", jarHeader(instructor), "submission"),
                ]
                for (uri, headers, what) in routes {
                    try await client.execute(uri: uri, method: .get, headers: headers) { response in
                        #expect(response.status == .notFound, "\(uri)")
                        #expect(
                            text(response).contains("no \(what) &quot;\(bad)&quot;") || text(response).contains("no \(what) \\\"\(bad)\\\""),
                            "\(uri): \(text(response).prefix(300))")
                    }
                }
            }
        }
    }

    @Test func theInstructorFiltersAndPagesEverySubmission() async throws {
        let good = root.appending(path: "submissions/breast-cancer/bravo/01-logreg.csv")
        let broken = root.appending(path: "submissions/breast-cancer/delta/01-broken.csv")
        for i in 0..<60 {
            // Five a day at most: one file a day per team.
            world.clock.set(ISO8601.format(ISO8601.parse("2027-01-01T10:00:00+01:00")!.addingTimeInterval(Double(i) * 86400), in: .gmt))
            _ = try SubmissionService(world.store).submit(
                challenge: "breast-cancer", team: .name(i % 3 == 0 ? "bravo" : "alpha"), file: i % 4 == 0 ? broken : good)
        }
        let refused = try HistoryService(world.store).submissions("breast-cancer", HistoryQuery(status: .refused))
        #expect(refused.total == 15)
        #expect(refused.rows.allSatisfy { $0.status == .refused })
        let page2 = try HistoryService(world.store).submissions("breast-cancer", HistoryQuery(team: "alpha", offset: 20, limit: 20))
        #expect(page2.total == 40)
        #expect(page2.rows.count == 20)
        #expect(page2.rows.allSatisfy { $0.team == "alpha" })
        try await world.app().test(.router) { client in
            let jar = try await signedIn(world.instructor, client)
            try await client.execute(uri: "/instructor/breast-cancer/submissions?team=bravo&status=refused", method: .get, headers: jarHeader(jar)) {
                let page = text($0)
                let rows = page.components(separatedBy: "<tr>").count - 2  // the header's row and the text before
                #expect(rows == 5)  // i in 0, 12, 24, 36, 48
                #expect(page.contains("<option value=\"bravo\" selected>bravo</option>"))
            }
            try await client.execute(uri: "/instructor/breast-cancer/submissions?page=2", method: .get, headers: jarHeader(jar)) {
                let page = text($0)
                #expect(page.contains("51–60 of 60"))
                #expect(page.contains("rel=\"prev\""))
                #expect(!page.contains("rel=\"next\""))
            }
            try await client.execute(uri: "/instructor/breast-cancer", method: .get, headers: jarHeader(jar)) {
                let page = text($0)
                #expect(page.contains("All 60 submissions"))
                #expect(page.contains("href=\"/challenges/breast-cancer\">See what participants see"))
                // The reveal has a page of its own: no reveal form here.
                #expect(!page.contains("action=\"/instructor/breast-cancer/reveal\""))
                #expect(page.contains("href=\"/instructor/breast-cancer/reveal\""))
            }
            try await client.execute(uri: "/instructor/breast-cancer/reveal", method: .get, headers: jarHeader(jar)) {
                let page = text($0)
                #expect($0.status == .ok)
                #expect(page.contains("This cannot be undone."))
                #expect(page.contains("action=\"/instructor/breast-cancer/reveal\""))
                #expect(page.contains("name=\"confirm\" value=\"yes\" required"))
            }
            try await client.execute(uri: "/instructor/breast-cancer/reveal", method: .get) { #expect($0.status == .seeOther) }
            #expect(try BoardService(world.store).isRevealed("breast-cancer") == false)
        }
    }
}
