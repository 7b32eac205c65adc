import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import PodiumStore
import Testing

@testable import PodiumServer

/// Every page in French shows no English of the catalog: each page of each kind of visitor
/// (anonymous, a team, the instructor), a receipt and an error page. Text marked `lang="en"`
/// (the scorer's problems, `podium check`'s and the reports' figures) and the challenge's own
/// README are the authors' and tools' words, not the page's, and are left out.
@Suite struct FrenchPagesTests {
    let world: World
    init() throws { world = try World() }

    /// The English fragments of the catalog that a French page must not show: each phrase's
    /// English cut at its `{n}` values, left out when the same words are French too ("public",
    /// "page", "score").
    static let englishFragments: [String] = {
        let french = Phrase.allCases.map(\.pair.french).joined(separator: " \n ")
        var fragments = Set<String>()
        for phrase in Phrase.allCases where phrase.pair.english != phrase.pair.french {
            for piece in phrase.pair.english.split(separator: /\{\d\}/) {
                let fragment = piece.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                guard fragment.count >= 2, fragment.contains(where: \.isLetter), !containsWords(french, fragment) else { continue }
                fragments.insert(fragment)
            }
        }
        return fragments.sorted()
    }()

    static func containsWords(_ text: String, _ words: String) -> Bool {
        let escaped = NSRegularExpression.escapedPattern(for: words)
        return text.range(of: "(?<![\\p{L}])\(escaped)(?![\\p{L}])", options: .regularExpression) != nil
    }

    /// A page's visible text: tags, the style sheet, the README and what is marked English out.
    static func visibleText(_ page: String) -> String {
        var html = page
        html = html.replacingOccurrences(of: "<style>[\\s\\S]*?</style>", with: " ", options: .regularExpression)
        html = removeElements(html, marker: "class=\"readme\"")
        html = removeElements(html, marker: "lang=\"en\"")
        html = html.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            html = html.replacingOccurrences(of: entity, with: character)
        }
        return html
    }

    /// `html` without every element whose start tag holds `marker` (nested tags of the same
    /// name counted).
    static func removeElements(_ html: String, marker: String) -> String {
        var html = html
        var from = html.startIndex
        while let found = html[from...].range(of: marker) {
            guard let open = html[..<found.lowerBound].lastIndex(of: "<") else { break }
            let name = String(html[html.index(after: open)...].prefix { $0.isLetter || $0.isNumber })
            // The page's own language, on its root, is not a passage of another.
            guard name != "html" else {
                from = found.upperBound
                continue
            }
            var depth = 0
            var index = open
            var end = html.endIndex
            while let next = html[index...].firstMatch(of: try! Regex("<(/?)\(name)(?=[\\s>/])")) {
                depth += next.output[1].substring?.isEmpty == false ? -1 : 1
                index = next.range.upperBound
                if depth == 0 {
                    end = html[index...].firstIndex(of: ">").map { html.index(after: $0) } ?? html.endIndex
                    break
                }
            }
            html.replaceSubrange(open..<end, with: " ")
            from = html.startIndex
        }
        return html
    }

    func english(in page: String) -> [String] {
        let text = Self.visibleText(page)
        return Self.englishFragments.filter { Self.containsWords(text, $0) }
    }

    func signIn(_ token: String, _ client: some TestClientProtocol) async throws -> HTTPFields {
        let (page, jar) = try await client.execute(uri: "/signin", method: .get) { (text($0), cookies($0)) }
        let marker = try #require(page.range(of: "name=\"csrf\" value=\""))
        let csrf = String(page[marker.upperBound...].prefix { $0 != "\"" })
        let cookie = jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let body = "token=\(token)&csrf=\(csrf)"
        let signedIn = try await client.execute(
            uri: "/signin", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body)
        ) { cookies($0) }
        let all = jar.merging(signedIn) { $1 }
        return [.cookie: all.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), .acceptLanguage: "fr-FR,fr;q=0.9"]
    }

    @Test func theCatalogHasEnglishToLookFor() {
        #expect(Self.englishFragments.contains("Leaderboard"))
        #expect(Self.englishFragments.contains("No submission yet"))
        #expect(!Self.englishFragments.contains("public"))
        #expect(Self.containsWords("Classement public", "public"))
        #expect(!Self.containsWords("Classement publiques", "public"))
    }

    @Test func theVisibleTextLeavesOutWhatIsMarkedEnglish() {
        let page = "<p>Bonjour <span lang=\"en\">Hello <span>you</span> there</span> et <div class=\"readme\"><div>README</div></div> fin</p>"
        let text = Self.visibleText(page)
        #expect(text.contains("Bonjour"))
        #expect(text.contains("fin"))
        #expect(!text.contains("Hello"))
        #expect(!text.contains("there"))
        #expect(!text.contains("README"))
    }

    /// An English page does show the catalog's English (the check can fail).
    @Test func anEnglishPageIsCaught() async throws {
        try await world.app().test(.router) { client in
            let page = try await client.execute(uri: "/challenges/wine/leaderboard?lang=en", method: .get) { text($0) }
            #expect(english(in: page).contains("Leaderboard"))
        }
    }

    @Test func everyPageInFrenchIsFrench() async throws {
        let slug = "breast-cancer"
        let submissions = SubmissionService(world.store)
        for (team, file) in [("charlie", "charlie/01-random-forest.csv"), ("delta", "delta/01-broken.csv"), ("alpha", "alpha/01-constant.csv")] {
            let url = root.appending(path: "submissions/\(slug)/\(file)")
            _ = try submissions.submit(challenge: slug, team: .name(team), file: url, message: "premier essai")
        }
        let teamToken = try #require(world.tokens[slug]?["charlie"])
        try await world.app().test(.router) { client in
            let french: HTTPFields = [.acceptLanguage: "fr-FR,fr;q=0.9,en;q=0.5"]
            let team = try await signIn(teamToken, client)
            let instructor = try await signIn(world.instructor, client)
            var pages: [(String, HTTPFields)] = [
                ("/", french), ("/challenges/\(slug)", french), ("/challenges/\(slug)/data", french),
                ("/challenges/\(slug)/leaderboard", french), ("/challenges/\(slug)/submit", french), ("/signin", french),
                ("/challenges/nope", french), ("/challenges/\(slug)/team", team), ("/challenges/\(slug)/submit", team),
            ]
            for path in [
                "/instructor", "/instructor/\(slug)", "/instructor/\(slug)/submissions", "/instructor/\(slug)/integrity",
                "/instructor/\(slug)/report", "/instructor/grades", "/instructor/\(slug)/reveal", "/challenges/\(slug)",
            ] {
                pages.append((path, instructor))
            }
            for (path, headers) in pages {
                let (status, page) = try await client.execute(uri: path, method: .get, headers: headers) { ($0.status, text($0)) }
                #expect(status == .ok || path == "/challenges/nope", "\(path): \(status)")
                #expect(page.contains("<html lang=\"fr\">"), "\(path) is not in French")
                #expect(english(in: page) == [], "\(path) shows English")
            }
            // A receipt (accepted) and the problems of a refused file.
            for file in ["charlie/02-gradient-boosting.csv", "delta/01-broken.csv"] {
                let page = try await client.execute(uri: "/challenges/\(slug)/team", method: .get, headers: team) { text($0) }
                let marker = try #require(page.range(of: "name=\"csrf\" value=\""))
                let csrf = String(page[marker.upperBound...].prefix { $0 != "\"" })
                var (headers, body) = multipart([], file: try world.file("\(slug)/\(file)"), name: "predictions.csv")
                headers[.cookie] = team[.cookie]
                headers[.acceptLanguage] = "fr"
                let receipt = try await client.execute(uri: "/challenges/\(slug)/submit?csrf=\(csrf)", method: .post, headers: headers, body: body) {
                    text($0)
                }
                #expect(receipt.contains("Soumission #"), "\(file): \(receipt.prefix(300))")
                #expect(english(in: receipt) == [], "the receipt of \(file) shows English")
            }
        }
    }
}
