import Foundation

/// Raw HTML in a README: the web pages show it as text (author content is inert), so
/// `podium check` tells the author where it is, to write it as Markdown instead.
public enum ReadmeAudit {
    public struct Finding: Sendable, Equatable {
        public var line: Int
        public var tag: String
    }

    /// Tags outside code (fenced blocks, indented blocks and inline code spans), first per line.
    public static func rawHTML(in markdown: String) -> [Finding] {
        var findings: [Finding] = []
        var fence: Substring?
        let tag = /<\/?([A-Za-z][A-Za-z0-9-]*)(\s[^>]*)?\/?>|<!--/
        for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                continue
            }
            if line.hasPrefix("    ") || line.hasPrefix("\t") { continue }
            let prose = line.replacing(/`[^`]*`/, with: "")
            if let match = prose.firstMatch(of: tag) {
                findings.append(Finding(line: index + 1, tag: Echo.text(match.output.0, limit: 40)))
            }
        }
        return findings
    }
}
