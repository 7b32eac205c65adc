import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodiumCore
import PodiumStore
import Testing

@testable import PodiumServer

@Suite struct TrustServerTests {
    @Test func readmeContentIsInert() {
        let html = Readme.html(
            """
            # Title

            <script>alert(1)</script>

            Text with <img src=x onerror=alert(2)> inline.

            A [safe link](https://example.org/a?b=1&c=2), a [bad link](javascript:alert(3)),
            an [odd one](x" onmouseover="alert(4)) and ![a picture](data:image/svg+xml,1).

            ```
            <b>code stays code</b>
            ```
            """)
        #expect(!html.text.contains("<script"))
        #expect(!html.text.contains("<img src=x"))
        #expect(!html.text.contains("href=\"javascript"))
        #expect(!html.text.contains("\" onmouseover"))
        #expect(!html.text.contains("src=\"data:"))
        #expect(html.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.text.contains("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener\">safe link</a>"))
        #expect(html.text.contains("bad link"))
        #expect(html.text.contains("&lt;b&gt;code stays code&lt;/b&gt;"))
    }

    @Test func uploadsWithHugeValuesOrLongNamesAreAnswered() async throws {
        let world = try World()
        let token = world.tokens["breast-cancer"]!["alpha"]!
        let uri = "/api/v1/challenges/breast-cancer/submissions"
        let text = try String(contentsOf: root.appending(path: "submissions/breast-cancer/bravo/01-logreg.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        lines[1] = "\(lines[1].split(separator: ",")[0]),1e200"
        let huge = ByteBuffer(string: lines.joined(separator: "\n"))
        try await world.app().test(.router) { client in
            try await client.execute(uri: uri, method: .post, headers: bearer(token), body: huge) { response in
                #expect(response.status == .unprocessableContent)
                let body = String(buffer: response.body)
                #expect(body.contains("value_too_large") || body.contains("probability_out_of_range"))
            }
            let good = try world.file("breast-cancer/bravo/01-logreg.csv")
            let (headers, body) = multipart([], file: good, name: String(repeating: "n", count: 5_000) + ".csv")
            try await client.execute(uri: uri, method: .post, headers: headers.merging(bearer(token)), body: body) { response in
                #expect(response.status == .created)
                let receipt = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect((receipt["id"] as? Int) != nil)
            }
            try await client.execute(uri: "\(uri)", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains(String(repeating: "n", count: 101)))
            }
        }
    }
}

/// Ink read an underscore inside a word as emphasis: the wine README showed
/// "cultivar_1, cultivar_2" in italics.
@Suite struct ReadmeUnderscoreTests {
    @Test func underscoresInsideWordsAreNotEmphasis() throws {
        let html = Readme.html(
            """
            The target: `cultivar` (cultivar_1, cultivar_2, cultivar_3); snake_case_names too.

            Real emphasis stays: _this_ and *that*. Code keeps its text: `a_b_c`.

            A [link](https://example.org/a_b_c/d_e) and https://example.org/x_y_z.

            ```
            fenced_code_block
            ```
            """
        ).text
        #expect(!html.contains("<em>1, cultivar</em>"))
        #expect(!html.contains("<em>case</em>"))
        #expect(html.contains("cultivar&#95;1, cultivar&#95;2"))
        #expect(html.contains("<em>this</em>"))
        #expect(html.contains("<em>that</em>"))
        #expect(html.contains("<code>a_b_c</code>"))
        #expect(html.contains("href=\"https://example.org/a_b_c/d_e\""))
        #expect(html.contains("https://example.org/x&#95;y&#95;z"))
        #expect(html.contains("fenced_code_block"))
    }

    @Test func theShippedReadmesHaveNoStrayItalics() throws {
        for slug in ["wine", "breast-cancer", "diabetes", "relu-teacher"] {
            let markdown = try String(contentsOf: root.appending(path: "challenges/\(slug)/README.md"), encoding: .utf8)
            let html = Readme.html(markdown).text
            // An emphasis that starts right after a letter or digit is an underscore misread.
            let misread = html.firstMatch(of: /[A-Za-z0-9]<em>/)
            #expect(misread == nil, "\(slug): \(misread.map { String($0.output) } ?? "")")
        }
    }
}
