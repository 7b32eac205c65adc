import Foundation
import Testing

@testable import PodiumCore

/// Raw HTML in a README is found (outside code) and `podium check` warns about it.
@Suite struct ReadmeAuditTests {
    // MARK: - README
    @Test func rawHTMLInAReadmeIsFoundOutsideCode() {
        let readme = """
            # Title
            Some <b>bold</b> text and `<code>` in a span.

            ```html
            <script>alert(1)</script>
            ```
                <indented>
            <script>alert(2)</script>
            <!-- a comment -->
            Less than: 3 < 4 and a > b.
            """
        #expect(
            ReadmeAudit.rawHTML(in: readme) == [
                ReadmeAudit.Finding(line: 2, tag: "<b>"), ReadmeAudit.Finding(line: 8, tag: "<script>"), ReadmeAudit.Finding(line: 9, tag: "<!--"),
            ])
    }

    @Test func checkWarnsAboutRawHTMLInTheReadme() throws {
        let folder = try temporaryFolder()
        let root = folder.url.appending(path: "tiny")
        for item in ["challenge.yaml", "README.md", "data", "reference"] {
            try FileManager.default.copyItem(
                at: repositoryRoot.appending(path: "challenges/breast-cancer/\(item)"), to: root.appending(path: item).creatingFolder())
        }
        try write("# Breast cancer\n\n<img src=x onerror=alert(1)>\n", to: root.appending(path: "README.md"))
        let report = ChallengeCheck.run(try Challenge.open(root))
        #expect(report.warnings.contains { $0.kind == "readme" && $0.message.hasPrefix("README.md line 3: raw HTML <img") })
    }
}
