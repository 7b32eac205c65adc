import Foundation

/// Raw HTML in a README. The web pages show it as text (author content is inert): tags outside
/// code are escaped before the Markdown is rendered, and `podium check` tells the author where
/// they are, to write them as Markdown instead.
public enum ReadmeAudit {
    public struct Finding: Sendable, Equatable {
        public var line: Int
        public var tag: String
    }

    /// Tags outside code (fenced blocks, indented blocks and inline code spans), first per line.
    public static func rawHTML(in markdown: String) -> [Finding] {
        var findings: [Finding] = []
        let tag = /<\/?([A-Za-z][A-Za-z0-9-]*)(\s[^>]*)?\/?>|<!--/
        forEachLine(markdown) { number, line, isCode in
            guard !isCode else { return }
            let prose = line.replacing(/`[^`]*`/, with: "")
            if let match = prose.firstMatch(of: tag) {
                findings.append(Finding(line: number, tag: Echo.text(match.output.0, limit: 40)))
            }
        }
        return findings
    }

    /// The Markdown with every `<` that could open a tag, outside code, written `&lt;`: the
    /// renderer then shows it as text. (Ink, the renderer, passes raw HTML through, and reads
    /// an unclosed tag as running to the end of the document.)
    public static func escapingRawHTML(in markdown: String) -> String {
        var lines: [String] = []
        forEachLine(markdown) { _, line, isCode in
            guard !isCode, line.contains("<") else {
                lines.append(String(line))
                return
            }
            var out = ""
            var inCode = false
            var index = line.startIndex
            while index < line.endIndex {
                let character = line[index]
                let next = line.index(after: index)
                if character == "`" { inCode.toggle() }
                if character == "<", !inCode, next < line.endIndex, line[next].isLetter || "/!?".contains(line[next]) {
                    out += "&lt;"
                } else {
                    out.append(character)
                }
                index = next
            }
            lines.append(out)
        }
        return lines.joined(separator: "\n")
    }

    /// The Markdown with every underscore inside a word (`cultivar_1`), outside code, written
    /// `&#95;`. CommonMark never reads such an underscore as emphasis, but Ink does: it set
    /// "cultivar_1, cultivar_2" in italics. The entity renders as `_`. Link targets (`](…)`)
    /// are left as written (they become addresses, not text).
    public static func escapingIntrawordUnderscores(in markdown: String) -> String {
        var lines: [String] = []
        forEachLine(markdown) { _, line, isCode in
            guard !isCode, line.contains("_") else {
                lines.append(String(line))
                return
            }
            var out = ""
            var inCode = false
            var inAddress = false
            var previous: Character?
            var index = line.startIndex
            while index < line.endIndex {
                let character = line[index]
                let next = line.index(after: index)
                if character == "`" { inCode.toggle() }
                if !inCode, !inAddress, character == "(", previous == "]" {
                    inAddress = true
                } else if inAddress, character.isWhitespace || character == ")" {
                    inAddress = false
                }
                if character == "_", !inCode, !inAddress, let before = previous, before.isLetter || before.isNumber, next < line.endIndex,
                    line[next].isLetter || line[next].isNumber
                {
                    out += "&#95;"
                } else {
                    out.append(character)
                }
                previous = character
                index = next
            }
            lines.append(out)
        }
        return lines.joined(separator: "\n")
    }

    /// Each line with its number, and whether it is code (a fence, inside one, or indented).
    static func forEachLine(_ markdown: String, _ body: (Int, Substring, Bool) -> Void) {
        var fence: Substring?
        for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                body(index + 1, line, true)
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                body(index + 1, line, true)
            } else {
                body(index + 1, line, line.hasPrefix("    ") || line.hasPrefix("\t"))
            }
        }
    }
}
